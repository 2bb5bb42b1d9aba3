/*
 * failure.c - which CloudTrail events are authentication failures. One
 * table, read by the summary and by the Athena SQL, so both select the
 * same events.
 *
 * AccessDenied is an authorisation failure for most services and would
 * drown the signal; on STS (AssumeRole, GetSessionToken, ...) it is how a
 * credential that cannot become the role it needs shows up, so it counts
 * there only.
 */
#include <string.h>

#include "trail/trail.h"
#include "core/banned.h"

const struct auth_error auth_errors[] = {
	{"InvalidClientTokenId", 0},
	{"SignatureDoesNotMatch", 0},
	{"IncompleteSignature", 0},
	{"InvalidSignatureException", 0},
	{"ExpiredToken", 0},
	{"ExpiredTokenException", 0},
	{"TokenRefreshRequired", 0},
	{"InvalidToken", 0},
	{"RequestExpired", 0},
	{"AuthFailure", 0},
	{"UnrecognizedClientException", 0},
	{"InvalidAccessKeyId", 0},
	{"MissingAuthenticationToken", 0},
	{"AccessDenied", 1},
	{"AccessDeniedException", 1},
};
const size_t auth_errors_nr = sizeof(auth_errors) / sizeof(auth_errors[0]);

const char *auth_failure_code(const char *code, const char *event_source, const char *event_name,
			      const char *error_message)
{
	if (code && !strncmp(code, "Client.", 7))
		code += 7;
	if (code) {
		for (size_t i = 0; i < auth_errors_nr; i++) {
			if (strcmp(code, auth_errors[i].code))
				continue;
			if (auth_errors[i].sts_only &&
			    (!event_source || strcmp(event_source, "sts.amazonaws.com")))
				return NULL;
			return auth_errors[i].code;
		}
	}
	if (event_name && !strcmp(event_name, "ConsoleLogin") && error_message &&
	    !strcmp(error_message, "Failed authentication"))
		return "ConsoleLoginFailure";
	return NULL;
}
