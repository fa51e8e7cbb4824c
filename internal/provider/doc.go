// Package provider implements the Terraform provider for Twilio Verify
// factors on terraform-plugin-framework. It knows nothing of HTTP: every API
// call goes through the internal/verify client.
//
// # Files
//
// Each resource's files share its prefix (resource_verify_factor*.go: the
// resource, its model, plan, move, binding URI, import ID, TOTP code and
// metadata), each data source has its data_source_verify_*.go file, and the
// shared plumbing is named for what it holds: formats.go (patterns, limits,
// defaults), provider_data.go (what Configure hands to resources),
// model_values.go (API values to framework values and back),
// provider_settings.go, validators.go, schema_attributes.go,
// diagnostics.go, object_codec.go, int64_range.go and legacy_state.go.
//
// # Where the tests of a rule are
//
// Beside each file is its test (resource_verify_factor_test.go,
// validators_test.go, ...): the lifecycle of a resource or data source
// against the in-process mock, and the unit tests of a helper. Rules that
// cut across resources have files of their own, named for the rule:
//
//   - floor_acc_test.go: each step of a pipeline sends exactly the requests
//     the API requires (one POST per create, one GET per refresh, ...).
//   - state_truth_acc_test.go: state never lies: a Read answered with {},
//     with only ids or with another object fails and keeps state (the
//     service data source too); binding_uri follows in-place changes; an
//     import verified in one apply; a create of unknown outcome says a
//     factor may exist.
//   - plan_output_acc_test.go: what a plan shows of a push factor (unset
//     values absent, not "(sensitive value)").
//   - validation_acc_test.go: bad input is refused at plan with no request
//     sent; lengths are counted as Twilio counts them; numbers outside int64
//     blame no provider. validate_combinations_test.go: the factor's
//     attribute combinations (auto_verify/auth_payload, the two secrets).
//   - recovery_acc_test.go, recovery_processes_acc_test.go: a create whose
//     answer was lost never takes another instance's or another process's
//     object (count = 2, two provider aliases, services, entities), under
//     clock skew too.
//   - reliability_acc_test.go: many factors under injected throttling,
//     server errors and lost answers; rejected credentials, a missing
//     service, too many factors.
//   - concurrency_acc_test.go: an account's limit of requests in flight
//     costs few wasted requests (the client's adaptive window).
//   - totp_clock_acc_test.go: auto_verify computes its code on Twilio's
//     clock, and names the offset when verification fails.
//   - secrets_cli_acc_test.go: no secret reaches the CLI's output or
//     TF_LOG=trace log, even when Twilio echoes it.
//   - shown_safely_acc_test.go: text from the server (escape sequences,
//     bidi controls) reaches the user escaped. diagnostics_test.go holds
//     the unit tests of that rule and of quoting import IDs.
//   - cli_acc_test.go: the real CLI against the built binary: examples/demo
//     (`make demo`), secrets absent from output and logs, the move from
//     Twilio's provider, the factor example and its import.
//   - examples_acc_test.go: the service and entity examples apply and their
//     import.sh imports work.
//   - docs_test.go: the generated docs/ follow the registry's conventions.
//   - state_encryption_acc_test.go: OpenTofu's state encryption keeps TOTP
//     secrets out of the state file (OpenTofu only).
//   - resource_verify_service_move_test.go, resource_verify_factor_move_test.go:
//     `moved` blocks from Twilio's provider, and the whole-configuration
//     migration.
//
// Test plumbing: provider_test.go (TestMain, the per-test mock or real
// Twilio, provider blocks), hostile_proxy_test.go (a proxy in front of the
// mock that lies, cuts or delays chosen answers; frontMock puts one in the
// mock's place), create_candidates_test.go
// (the advice listing a lost create's look-alikes), object_codec_test.go
// and int64_range_test.go (the state codec and whole-number type match the
// framework's).
package provider
