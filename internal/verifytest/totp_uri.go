package verifytest

// TOTPURIVector is an otpauth:// URI Twilio returns for a TOTP factor with
// the given issuer, account name (the factor's friendly name) and secret,
// and the default configuration: SHA1, 6 digits, 30 seconds.
type TOTPURIVector struct {
	Issuer, Account, Secret string
	URI                     string
}

// TOTPURIVectors are checked by the mock (which builds the URI it returns)
// and by the client (which rebuilds it when it adopts a factor whose create
// response was lost), so both spell it alike. The first is from Twilio's
// documentation; the others escape the characters the label and the query
// treat differently.
var TOTPURIVectors = []TOTPURIVector{
	{"test-issuer", "John’s Account Name", "GEZDGNBVGY3TQOJQ",
		"otpauth://totp/test-issuer:John%E2%80%99s%20Account%20Name?secret=GEZDGNBVGY3TQOJQ&issuer=test-issuer&algorithm=SHA1&digits=6&period=30"},
	{"Acme & Co", "a:b/c?d#e", "GEZDGNBVGY3TQOJQ",
		"otpauth://totp/Acme%20&%20Co:a%3Ab%2Fc%3Fd%23e?secret=GEZDGNBVGY3TQOJQ&issuer=Acme%20%26%20Co&algorithm=SHA1&digits=6&period=30"},
	{"x+y=z", "100%", "GEZDGNBVGY3TQOJQ",
		"otpauth://totp/x+y=z:100%25?secret=GEZDGNBVGY3TQOJQ&issuer=x%2By%3Dz&algorithm=SHA1&digits=6&period=30"},
}
