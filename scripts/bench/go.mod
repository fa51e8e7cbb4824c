module github.com/verifyfactors/terraform-provider-twilio/scripts/bench

go 1.26.8
