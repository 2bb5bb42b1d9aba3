# bench/trail.jq - the grouping of `tfauth trail`, in jq, for the benchmark:
# the same authentication-failure selection, counted by access key, source IP,
# user agent, service and region, and error code. Input: a stream of
# {"Records": [...]} objects (zcat of CloudTrail files).
def auth_codes: ["InvalidClientTokenId","SignatureDoesNotMatch","IncompleteSignature",
  "InvalidSignatureException","ExpiredToken","ExpiredTokenException","TokenRefreshRequired",
  "InvalidToken","RequestExpired","AuthFailure","UnrecognizedClientException",
  "InvalidAccessKeyId","MissingAuthenticationToken"];
def code: (.errorCode // "") | sub("^Client\\."; "");
def failure:
  (code as $c | (auth_codes | index([$c])) != null)
  or (code == "AccessDenied" or code == "AccessDeniedException") and .eventSource == "sts.amazonaws.com"
  or (.eventName == "ConsoleLogin" and .errorMessage == "Failed authentication");
def tally(f): group_by(f) | map({key: (.[0] | f | tostring), failures: length,
  first: (map(.eventTime) | min), last: (map(.eventTime) | max)}) | sort_by(-.failures);
[inputs | .Records[] | select(.errorCode != null or .errorMessage != null) | select(failure)]
| {failures: length,
   by_access_key: tally(.userIdentity.accessKeyId),
   by_source_ip: tally(.sourceIPAddress),
   by_user_agent: tally(.userAgent),
   by_service: tally([.eventSource, .awsRegion]),
   by_error_code: tally(code)}
