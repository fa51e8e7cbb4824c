// Package verifytest holds test helpers and test vectors shared by the tests
// of several packages (the client, the mock and the provider): device keys
// for push factors and the TOTP URI vectors. Only tests import it.
//
// It imports neither the client nor the mock, so sharing it does not make
// the mock share code with the client: each is still checked on its own
// against the same facts about Twilio.
package verifytest
