#!/usr/bin/env python3
# make-corpus.py - the realistic-setup corpus of t/setups.t (issue 13).
#
# Each case is a whole machine as people leave it: a HOME (~/.aws files, SSO
# caches, token files) and a Terraform working directory (main.tf, tfvars,
# lock file, CI files), plus the environment variables of the shell doctor
# runs in.  Nothing here is committed as a tree: `make-corpus.py OUTDIR`
# writes OUTDIR/<case>/{home,work,case.json} at test time, with dates
# relative to now (valid SSO cache = now+8h, expired = now-2h), so the corpus
# never rots.  Keys are fake but have the real shape.
#
# case.json: {"name", "kind": "healthy"|"broken", "env": {...}, "args": [...],
#             "ids": [accepted finding ids] (broken), "exit": 0|1|[0, 1]}
# exit [0, 1]: only the bare AWS CLI breaks, Terraform works; either is fair.
# Healthy: exit 0, no finding of severity error or warning.
# Broken: one of "ids" reported, and the given exit status.
import base64
import datetime
import hashlib
import json
import os
import sys

NOW = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
CASES = []


def iso(delta_hours):
	t = NOW + datetime.timedelta(hours=delta_hours)
	return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def _digest(seed, n):
	out = b""
	i = 0
	while len(out) < n:
		out += hashlib.sha256(("%s/%d" % (seed, i)).encode()).digest()
		i += 1
	return out[:n]


def key(seed, kind="AKIA"):
	"""A fake access key id: AKIA/ASIA + 16 base32 characters."""
	return kind + base64.b32encode(_digest("key" + seed, 10)).decode()[:16]


def secret(seed):
	"""A fake 40-character secret access key."""
	return base64.b64encode(_digest("secret" + seed, 30)).decode()[:40]


def token(seed, version=2):
	"""A fake session token: v2 (regional, IQoJ...) or v1 (global, FwoG...)."""
	body = base64.b64encode(_digest("token" + seed, 420)).decode()
	return ("IQoJb3JpZ2luX2Vj" if version == 2 else "FwoGZXIvYXdzE") + body


def jwt(exp_hours, sub="system:serviceaccount:ci:terraform", aud="sts.amazonaws.com"):
	def b64(o):
		return base64.urlsafe_b64encode(json.dumps(o).encode()).decode().rstrip("=")
	now = int(NOW.timestamp())
	payload = {"iss": "https://token.actions.githubusercontent.com", "sub": sub, "aud": aud,
		   "iat": now - 60, "nbf": now - 60, "exp": now + int(exp_hours * 3600)}
	sig = base64.urlsafe_b64encode(_digest("sig" + sub, 64)).decode().rstrip("=")
	return b64({"alg": "RS256", "typ": "JWT", "kid": "fake"}) + "." + b64(payload) + "." + sig


def sha1(s):
	return hashlib.sha1(s.encode()).hexdigest()


def creds(*profiles):
	"""~/.aws/credentials with static keys for each profile name."""
	out = []
	for p in profiles:
		out.append("[%s]\naws_access_key_id = %s\naws_secret_access_key = %s\n"
			   % (p, key(p), secret(p)))
	return "\n".join(out)


def sso_cache(start_url, region, valid, refresh=True):
	d = {"startUrl": start_url, "region": region,
	     "accessToken": "aoaAAAAAG" + base64.b64encode(_digest("sso" + start_url, 150)).decode(),
	     "expiresAt": iso(8 if valid else -2)}
	if refresh and valid:
		d.update({"clientId": "fakeClientId" + sha1(start_url)[:10],
			  "clientSecret": "eyJraWQiOiJrZXktMTU2NDAyODA5OSIsImFsZyI6IkhTMzg0In0.fake",
			  "registrationExpiresAt": iso(24 * 60),
			  "refreshToken": "aorvJYubGpU6i91YnH7Mfo-fake-" + sha1(start_url)[:20]})
	return json.dumps(d, indent=2) + "\n"


def tf(providers, backend="", required_version=">= 1.6", aws_version="~> 5.40", extra=""):
	"""main.tf: terraform block (+ backend) and provider blocks."""
	rp = ""
	if aws_version is not None:
		rp = ('  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n'
		      '      version = "%s"\n    }\n  }\n' % aws_version)
	else:
		rp = '  required_providers {\n    aws = {\n      source = "hashicorp/aws"\n    }\n  }\n'
	rv = '  required_version = "%s"\n' % required_version if required_version else ""
	be = ""
	if backend:
		be = "\n  backend \"s3\" {\n" + "".join("    %s\n" % l for l in backend.strip("\n").split("\n")) + "  }\n"
	out = "terraform {\n" + rv + rp + be + "}\n"
	for p in providers:
		out += "\nprovider \"aws\" {\n" + "".join("  %s\n" % l for l in p.strip("\n").split("\n")) + "}\n"
	out += extra
	out += '\nresource "aws_s3_bucket" "logs" {\n  bucket = "acme-logs-example"\n}\n'
	return out


STATE = 'bucket = "acme-terraform-state"\nkey    = "network/terraform.tfstate"\nregion = "eu-west-1"'


def case(name, kind, home=None, work=None, env=None, ids=None, exit=None, args=None):
	assert kind in ("healthy", "broken")
	assert not any(c["name"] == name for c in CASES), name
	if kind == "broken":
		assert ids, name
	CASES.append({"name": name, "kind": kind, "home": home or {}, "work": work or {},
		      "env": env or {}, "ids": ids or [], "args": args or [],
		      "exit": (0 if kind == "healthy" else 1) if exit is None else exit})


def H(name, **kw):
	case(name, "healthy", **kw)


def B(name, ids, **kw):
	case(name, "broken", ids=ids if isinstance(ids, list) else [ids], **kw)


# ---- cases ----

# -- static keys, profile = "prod" only in HOME, profile = var.x --------------

CFG_PROD = "[profile prod]\nregion = eu-west-1\noutput = json\n"

H("static-default-profile",
  home={".aws/credentials": creds("default"), ".aws/config": "[default]\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("static-prod-only-provider-and-backend",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'],
		      backend=STATE + '\nprofile = "prod"\nencrypt = true')})

H("static-prod-only-provider",
  home={".aws/credentials": creds("prod")},
  work={"main.tf": tf(['region  = "eu-central-1"\nprofile = "prod"'])})

H("static-aws-profile-env",
  home={".aws/credentials": creds("prod", "dev"), ".aws/config": CFG_PROD + "\n[profile dev]\nregion = eu-west-1\n"},
  env={"AWS_PROFILE": "dev"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("static-two-profiles-default-and-prod",
  home={".aws/credentials": creds("default", "prod"),
	".aws/config": "[default]\nregion = us-east-1\n\n" + CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'],
		      backend=STATE + '\nprofile = "prod"')})

VAR_PROFILE = '\nvariable "aws_profile" {\n  type    = string\n  description = "AWS profile"\n%s}\n'

H("var-profile-default",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'],
		      extra=VAR_PROFILE % '  default = "prod"\n')})

H("var-profile-tfvars",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'], extra=VAR_PROFILE % ""),
	"terraform.tfvars": 'aws_profile = "prod"\n'})

H("var-profile-auto-tfvars",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'], extra=VAR_PROFILE % ""),
	"prod.auto.tfvars": 'aws_profile = "prod"\n'})

H("var-profile-tf-var-env",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  env={"TF_VAR_aws_profile": "prod"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'], extra=VAR_PROFILE % "")})

H("var-profile-and-region-split-files",
  home={".aws/credentials": creds("prod", "staging"),
	".aws/config": CFG_PROD + "\n[profile staging]\nregion = eu-west-1\n"},
  work={"providers.tf": tf(['region  = var.region\nprofile = var.aws_profile']),
	"variables.tf": (VAR_PROFILE % '  default = "staging"\n') +
	'\nvariable "region" {\n  type    = string\n  default = "eu-west-1"\n}\n',
	"terraform.tfvars": 'aws_profile = "prod"\nregion      = "eu-west-1"\n'})

B("profile-typo-provider", "provider-profile-not-found",
  home={".aws/credentials": creds("production"), ".aws/config": "[profile production]\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prodution"'])})

B("profile-typo-provider-and-backend", "provider-profile-not-found",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prdo"'], backend=STATE + '\nprofile = "prdo"')})

B("var-profile-default-missing", "provider-profile-not-found",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'],
		      extra=VAR_PROFILE % '  default = "production"\n')})

B("var-profile-tfvars-typo", "provider-profile-not-found",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'], extra=VAR_PROFILE % ""),
	"terraform.tfvars": 'aws_profile = "pord"\n'})

B("var-profile-auto-tfvars-overrides-good-default", "provider-profile-not-found",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'],
		      extra=VAR_PROFILE % '  default = "prod"\n'),
	"zz.auto.tfvars": 'aws_profile = "prod-old"\n'})

B("var-profile-tf-var-env-typo", "provider-profile-not-found",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  env={"TF_VAR_aws_profile": "staging"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'], extra=VAR_PROFILE % "")})

B("aws-profile-env-typo", ["profile-not-found", "profile-typo-breaks-env-keys"],
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  env={"AWS_PROFILE": "prdo"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

# go-v2 (Terraform) removes one pair of quotes, botocore keeps them: Terraform
# works, the AWS CLI fails -- a warning-level trap, not an error.
B("quoted-access-key-id", ["quoted-value"], exit=0,
  home={".aws/credentials": '[prod]\naws_access_key_id = "%s"\naws_secret_access_key = %s\n'
	% (key("q1"), secret("q1")), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

# In [default] the bare AWS CLI fails too: an error or a warning are both fair.
B("quoted-secret-key", ["quoted-value", "secret-key-corrupted"], exit=[0, 1],
  home={".aws/credentials": "[default]\naws_access_key_id = %s\naws_secret_access_key = '%s'\n"
	% (key("q2"), secret("q2")), ".aws/config": "[default]\nregion = us-east-1\n"},
  work={"main.tf": tf(['region = "us-east-1"'])})

B("no-credentials-at-all", "imds-last-resort",
  home={".aws/config": "[default]\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("partial-profile-keys", ["partial-profile-credentials"],
  home={".aws/credentials": "[prod]\naws_access_key_id = %s\n" % key("half"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

# -- exported env keys: stale token, ASIA without token, shadowing, CR ---------

H("env-static-keys",
  env={"AWS_ACCESS_KEY_ID": key("env1"), "AWS_SECRET_ACCESS_KEY": secret("env1"),
       "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("env-temp-keys-with-token",
  env={"AWS_ACCESS_KEY_ID": key("env2", "ASIA"), "AWS_SECRET_ACCESS_KEY": secret("env2"),
       "AWS_SESSION_TOKEN": token("env2"), "AWS_DEFAULT_REGION": "us-west-2"},
  work={"main.tf": tf(['region = "us-west-2"'])})

B("env-stale-session-token", "stale-session-token",
  env={"AWS_ACCESS_KEY_ID": key("env3"), "AWS_SECRET_ACCESS_KEY": secret("env3"),
       "AWS_SESSION_TOKEN": token("env3-old"), "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("env-asia-without-token", "temp-key-without-token",
  env={"AWS_ACCESS_KEY_ID": key("env4", "ASIA"), "AWS_SECRET_ACCESS_KEY": secret("env4"),
       "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("env-keys-shadow-aws-profile", ["env-overrides-files", "profile-overrides-env"], exit=0,
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  env={"AWS_PROFILE": "prod", "AWS_ACCESS_KEY_ID": key("env5"),
       "AWS_SECRET_ACCESS_KEY": secret("env5"), "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("env-secret-with-cr", ["secret-key-corrupted", "secret-key-malformed"],
  env={"AWS_ACCESS_KEY_ID": key("env6"), "AWS_SECRET_ACCESS_KEY": secret("env6") + "\r",
       "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("env-only-key-id", "partial-env-credentials",
  home={".aws/credentials": creds("default")},
  env={"AWS_ACCESS_KEY_ID": key("env7"), "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("env-region-missing", "region-missing",
  env={"AWS_ACCESS_KEY_ID": key("env8"), "AWS_SECRET_ACCESS_KEY": secret("env8")},
  work={"main.tf": tf([''])})

# -- SSO: sso-session (valid / expired caches), legacy sso_start_url ----------

SSO_URL = "https://acme.awsapps.com/start"


def sso_home(valid=True, session="acme", legacy=False, refresh=True, extra_cfg=""):
	if legacy:
		cfg = ("[profile prod]\nsso_start_url = %s\nsso_region = eu-west-1\n"
		       "sso_account_id = 111122223333\nsso_role_name = AdministratorAccess\n"
		       "region = eu-west-1\n" % SSO_URL)
		cache = {".aws/sso/cache/%s.json" % sha1(SSO_URL): sso_cache(SSO_URL, "eu-west-1", valid, False)}
	else:
		cfg = ("[profile prod]\nsso_session = %s\nsso_account_id = 111122223333\n"
		       "sso_role_name = AdministratorAccess\nregion = eu-west-1\n\n"
		       "[sso-session %s]\nsso_start_url = %s\nsso_region = eu-west-1\n"
		       "sso_registration_scopes = sso:account:access\n" % (session, session, SSO_URL))
		cache = {".aws/sso/cache/%s.json" % sha1(session): sso_cache(SSO_URL, "eu-west-1", valid, refresh)}
	h = {".aws/config": cfg + extra_cfg}
	h.update(cache)
	return h


H("sso-session-valid-provider-profile", home=sso_home(),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("sso-session-valid-aws-profile-env", home=sso_home(), env={"AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("sso-session-valid-provider-and-backend", home=sso_home(),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'], backend=STATE + '\nprofile = "prod"')})

H("sso-session-valid-var-profile", home=sso_home(), env={"TF_VAR_aws_profile": "prod"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'], extra=VAR_PROFILE % "")})

H("sso-session-dashed-name", home=sso_home(session="acme-corp-sso"),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("sso-legacy-valid", home=sso_home(legacy=True),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("sso-session-role-source", home=sso_home(extra_cfg=
  "\n[profile deploy]\nrole_arn = arn:aws:iam::444455556666:role/terraform-deploy\n"
  "source_profile = prod\nregion = eu-west-1\n"),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "deploy"'])})

B("sso-session-expired", "sso-token-expired", home=sso_home(valid=False),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("sso-session-expired-aws-profile", "sso-token-expired", home=sso_home(valid=False),
  env={"AWS_PROFILE": "prod"}, work={"main.tf": tf(['region = "eu-west-1"'])})

B("sso-legacy-expired", "sso-token-expired", home=sso_home(valid=False, legacy=True),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("sso-session-never-logged-in", ["sso-session-missing", "sso-token-expired"],
  home={".aws/config": sso_home()[".aws/config"]},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("sso-session-section-missing", ["sso-session-missing", "assume-role-chain-broken"],
  home={".aws/config": "[profile prod]\nsso_session = acme\nsso_account_id = 111122223333\n"
	"sso_role_name = AdministratorAccess\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("sso-expired-under-role", ["sso-token-expired"], home=sso_home(valid=False, extra_cfg=
  "\n[profile deploy]\nrole_arn = arn:aws:iam::444455556666:role/terraform-deploy\n"
  "source_profile = prod\nregion = eu-west-1\n"),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "deploy"'])})

# -- assume-role profiles: source_profile, external_id, MFA, role to role -----

ROLE_CFG = ("[profile base]\nregion = eu-west-1\n\n"
	    "[profile prod]\nrole_arn = arn:aws:iam::222233334444:role/terraform\n"
	    "source_profile = base\nregion = eu-west-1\n")

H("role-source-profile", home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("role-external-id", home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG +
  "external_id = acme-7f3a9c\nrole_session_name = terraform\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("role-to-role-chain", home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG +
  "\n[profile audit]\nrole_arn = arn:aws:iam::555566667777:role/audit\nsource_profile = prod\n"
  "region = us-east-1\n"},
  work={"main.tf": tf(['region  = "us-east-1"\nprofile = "audit"'])})

H("role-provider-assume-role-block", home={".aws/credentials": creds("default"),
  ".aws/config": "[default]\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region = "eu-west-1"\nassume_role {\n  role_arn     = "arn:aws:iam::222233334444:role/terraform"\n'
		       '  session_name = "terraform"\n  external_id  = "acme-7f3a9c"\n}'])})

H("role-credential-source-environment",
  home={".aws/config": "[profile prod]\nrole_arn = arn:aws:iam::222233334444:role/terraform\n"
	"credential_source = Environment\nregion = eu-west-1\n"},
  env={"AWS_ACCESS_KEY_ID": key("ce"), "AWS_SECRET_ACCESS_KEY": secret("ce")},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("role-chain-source-environment",
  home={".aws/config": "[profile base]\nrole_arn = arn:aws:iam::222233334444:role/base\n"
	"credential_source = Environment\n\n[profile prod]\nrole_arn = arn:aws:iam::333344445555:role/terraform\n"
	"source_profile = base\nregion = eu-west-1\n"},
  env={"AWS_ACCESS_KEY_ID": key("ce"), "AWS_SECRET_ACCESS_KEY": secret("ce")},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("role-credential-source-imds-env-keys-ignored", "profile-overrides-env", exit=1,
  home={".aws/config": "[profile prod]\nrole_arn = arn:aws:iam::222233334444:role/terraform\n"
	"credential_source = Ec2InstanceMetadata\nregion = eu-west-1\n"},
  env={"AWS_ACCESS_KEY_ID": key("ce"), "AWS_SECRET_ACCESS_KEY": secret("ce")},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("role-source-profile-missing", "assume-role-chain-broken",
  home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG.replace("source_profile = base", "source_profile = bsae")},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("role-mfa-serial", "assume-role-chain-broken",
  home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG +
	"mfa_serial = arn:aws:iam::111122223333:mfa/alice\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("role-chain-mid-credential-source-env-empty", "assume-role-chain-broken",
  home={".aws/config": "[profile mid]\nrole_arn = arn:aws:iam::222233334444:role/mid\n"
	"credential_source = Environment\n\n[profile prod]\nrole_arn = arn:aws:iam::333344445555:role/top\n"
	"source_profile = mid\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("role-chain-mid-without-source", "assume-role-chain-broken",
  home={".aws/config": "[profile mid]\nrole_arn = arn:aws:iam::222233334444:role/mid\n\n"
	"[profile prod]\nrole_arn = arn:aws:iam::333344445555:role/top\nsource_profile = mid\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("role-source-and-credential-source", "assume-role-chain-broken",
  home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG + "credential_source = Environment\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("role-loop", ["assume-role-chain-broken"],
  home={".aws/config": "[profile a]\nrole_arn = arn:aws:iam::222233334444:role/a\nsource_profile = prod\n\n"
	"[profile prod]\nrole_arn = arn:aws:iam::222233334444:role/b\nsource_profile = a\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

# -- credential_process (never run without --allow-exec) ---------------------

H("credential-process-1password",
  home={".aws/config": "[profile prod]\ncredential_process = /usr/local/bin/op plugin run -- aws-credentials prod\n"
	"region = eu-west-1\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("credential-process-aws-vault",
  home={".aws/config": "[profile prod-base]\nregion = eu-west-1\n\n[profile prod]\n"
	"credential_process = aws-vault export --format=json prod-base\nregion = eu-west-1\n"},
  env={"AWS_PROFILE": "prod"}, work={"main.tf": tf(['region = "eu-west-1"'])})

H("credential-process-under-role",
  home={".aws/config": "[profile src]\ncredential_process = /opt/bin/get-creds --account 111122223333\n\n"
	"[profile prod]\nrole_arn = arn:aws:iam::222233334444:role/terraform\nsource_profile = src\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

# -- aws-vault / granted exported environment --------------------------------


def vault_env(seed, exp_var, hours, version=2, region="eu-west-1"):
	"""What aws-vault exec (AWS_VAULT, AWS_CREDENTIAL_EXPIRATION) or granted exports."""
	e = {"AWS_ACCESS_KEY_ID": key(seed, "ASIA"), "AWS_SECRET_ACCESS_KEY": secret(seed),
	     "AWS_SESSION_TOKEN": token(seed, version), exp_var: iso(hours),
	     "AWS_REGION": region, "AWS_DEFAULT_REGION": region}
	if exp_var == "AWS_CREDENTIAL_EXPIRATION":
		e["AWS_VAULT"] = "prod"
	return e


H("aws-vault-exec-valid", env=vault_env("v1", "AWS_CREDENTIAL_EXPIRATION", 1),
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("aws-vault-session-expiration-valid", env=vault_env("v2", "AWS_SESSION_EXPIRATION", 0.5),
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("granted-assume-valid", env=dict(vault_env("g1", "AWS_SESSION_EXPIRATION", 1), GRANTED_SSO="true"),
  home={".aws/config": sso_home()[".aws/config"]}, work={"main.tf": tf(['region = "eu-west-1"'])})

B("aws-vault-exec-expired", "env-credentials-expired", env=vault_env("v3", "AWS_CREDENTIAL_EXPIRATION", -2),
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("granted-session-expired", "env-credentials-expired", env=vault_env("g2", "AWS_SESSION_EXPIRATION", -2),
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("aws-vault-token-dropped", "temp-key-without-token",
  env={k: v for k, v in vault_env("v4", "AWS_CREDENTIAL_EXPIRATION", 1).items() if k != "AWS_SESSION_TOKEN"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

# -- web identity in CI: env, GitHub Actions, GitLab --------------------------

WI_ROLE = "arn:aws:iam::111122223333:role/ci-terraform"


def wi(hours=1, content=None):
	return {"home": {"ci/token": jwt(hours) if content is None else content},
		"env": {"AWS_ROLE_ARN": WI_ROLE, "AWS_WEB_IDENTITY_TOKEN_FILE": "$HOME/ci/token",
			"AWS_ROLE_SESSION_NAME": "ci-1234", "AWS_REGION": "eu-west-1"}}


H("web-identity-env-valid", work={"main.tf": tf(['region = "eu-west-1"'])}, **wi())

B("web-identity-token-expired", "web-identity-token-expired",
  work={"main.tf": tf(['region = "eu-west-1"'])}, **wi(hours=-2))

B("web-identity-token-not-jwt", "web-identity-token-malformed",
  work={"main.tf": tf(['region = "eu-west-1"'])}, **wi(content="null\n"))

B("web-identity-token-file-missing", "web-identity-token-missing",
  work={"main.tf": tf(['region = "eu-west-1"'])},
  env={"AWS_ROLE_ARN": WI_ROLE, "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token",
       "AWS_REGION": "eu-west-1"})

GHA = """name: terraform
on:
  pull_request:
  push:
    branches: [main]
%s
jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2
        with:
          role-to-assume: arn:aws:iam::111122223333:role/github-terraform
          aws-region: eu-west-1
      - uses: hashicorp/setup-terraform@b9cd54a3c349d3f38e8881555d616ced269862dd # v3.1.2
      - run: terraform init -input=false
      - run: terraform plan -input=false
"""
GHA_PERM = "permissions:\n  id-token: write\n  contents: read\n"
LOCAL = {".aws/credentials": creds("prod"), ".aws/config": CFG_PROD}

H("gha-oidc-with-permission", home=LOCAL,
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = var.aws_profile'], extra=VAR_PROFILE % '  default = null\n'),
	".github/workflows/terraform.yml": GHA % GHA_PERM},
  env={"TF_VAR_aws_profile": "prod"})

H("gha-oidc-job-permission", home=LOCAL,
  work={"main.tf": tf(['region = "eu-west-1"']),
	".github/workflows/plan.yml": (GHA % "").replace("    runs-on: ubuntu-latest\n",
		"    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n      contents: read\n")},
  env={"AWS_PROFILE": "prod"})

B("gha-oidc-without-permission", "gha-oidc-missing-id-token-permission", home=LOCAL,
  work={"main.tf": tf(['region = "eu-west-1"']),
	".github/workflows/terraform.yml": GHA % "permissions:\n  contents: read\n  pull-requests: write\n"},
  env={"AWS_PROFILE": "prod"})

B("gha-oidc-job-permission-overrides", "gha-oidc-missing-id-token-permission", home=LOCAL,
  work={"main.tf": tf(['region = "eu-west-1"']),
	".github/workflows/terraform.yml": (GHA % GHA_PERM).replace("    runs-on: ubuntu-latest\n",
		"    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n")},
  env={"AWS_PROFILE": "prod"})

GITLAB_OK = """stages: [plan, apply]

default:
  image:
    name: hashicorp/terraform:1.9
    entrypoint: [""]

.aws_oidc:
  id_tokens:
    GITLAB_OIDC_TOKEN:
      aud: sts.amazonaws.com
  variables:
    AWS_ROLE_ARN: arn:aws:iam::111122223333:role/gitlab-terraform
    AWS_WEB_IDENTITY_TOKEN_FILE: /tmp/web_identity_token
  before_script:
    - echo "${GITLAB_OIDC_TOKEN}" > /tmp/web_identity_token

plan:
  stage: plan
  extends: .aws_oidc
  script:
    - terraform init
    - terraform plan
"""
GITLAB_EXPORTS = """stages: [plan]

plan:
  stage: plan
  image:
    name: hashicorp/terraform:1.9
    entrypoint: [""]
  before_script:
    - export AWS_ROLE_ARN=arn:aws:iam::111122223333:role/gitlab-terraform
    - export AWS_WEB_IDENTITY_TOKEN_FILE=/tmp/web_identity_token
    - echo "${CI_JOB_JWT_V2}" > $AWS_WEB_IDENTITY_TOKEN_FILE
  script:
    - terraform init
    - terraform plan
"""

H("gitlab-id-tokens", home=LOCAL, env={"AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"']), ".gitlab-ci.yml": GITLAB_OK})

H("gitlab-id-tokens-exports", home=LOCAL, env={"AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"']), ".gitlab-ci.yml": GITLAB_EXPORTS.replace(
	"  before_script:\n", "  id_tokens:\n    GITLAB_OIDC_TOKEN:\n      aud: sts.amazonaws.com\n  before_script:\n").replace(
	"CI_JOB_JWT_V2", "GITLAB_OIDC_TOKEN")})

B("gitlab-exports-without-id-tokens", "gitlab-oidc-missing-id-tokens", home=LOCAL, env={"AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"']), ".gitlab-ci.yml": GITLAB_EXPORTS})

B("gitlab-variables-without-id-tokens", "gitlab-oidc-missing-id-tokens", home=LOCAL, env={"AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"']), ".gitlab-ci.yml": GITLAB_OK.replace(
	"  id_tokens:\n    GITLAB_OIDC_TOKEN:\n      aud: sts.amazonaws.com\n", "").replace("GITLAB_OIDC_TOKEN", "CI_JOB_JWT_V2")})

# -- partitions and opt-in regions --------------------------------------------

H("govcloud-static", home={".aws/credentials": creds("gov"), ".aws/config": "[profile gov]\nregion = us-gov-west-1\n"},
  work={"main.tf": tf(['region  = "us-gov-west-1"\nprofile = "gov"'])})

H("govcloud-assume-role", home={".aws/credentials": creds("gov"), ".aws/config": "[profile gov]\nregion = us-gov-west-1\n"},
  work={"main.tf": tf(['region  = "us-gov-west-1"\nprofile = "gov"\nassume_role {\n'
		       '  role_arn = "arn:aws-us-gov:iam::111122223333:role/terraform"\n}'])})

H("china-profile-role-cn-arn",
  home={".aws/credentials": creds("cnbase"), ".aws/config": "[profile cn]\nrole_arn = arn:aws-cn:iam::111122223333:role/deploy\n"
	"source_profile = cnbase\nregion = cn-north-1\n"},
  work={"main.tf": tf(['region  = "cn-north-1"\nprofile = "cn"'])})

H("govcloud-role-sts-region-gov",
  home={".aws/credentials": creds("gov"), ".aws/config": "[profile gov]\nregion = us-gov-west-1\n"},
  work={"main.tf": tf(['region     = "us-gov-east-1"\nsts_region = "us-gov-west-1"\nprofile    = "gov"\nassume_role {\n'
		       '  role_arn = "arn:aws-us-gov:iam::111122223333:role/terraform"\n}'])})

B("commercial-region-govcloud-role-arn", "role-arn-partition-mismatch",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"\nassume_role {\n'
		       '  role_arn = "arn:aws-us-gov:iam::111122223333:role/terraform"\n}'])})

H("china-static", home={".aws/credentials": creds("cn"), ".aws/config": "[profile cn]\nregion = cn-north-1\n"},
  work={"main.tf": tf(['region  = "cn-north-1"\nprofile = "cn"'])})

B("govcloud-commercial-role-arn", ["assume-role-partition-mismatch", "role-arn-partition-mismatch",
				   "partition-mismatch"],
  home={".aws/credentials": creds("gov"), ".aws/config": "[profile gov]\nregion = us-gov-west-1\n"},
  work={"main.tf": tf(['region  = "us-gov-west-1"\nprofile = "gov"\nassume_role {\n'
		       '  role_arn = "arn:aws:iam::111122223333:role/terraform"\n}'])})

B("china-profile-role-commercial-arn", ["assume-role-partition-mismatch", "role-arn-partition-mismatch",
					"partition-mismatch"],
  home={".aws/credentials": creds("cnbase"), ".aws/config": "[profile cn]\nrole_arn = arn:aws:iam::111122223333:role/deploy\n"
	"source_profile = cnbase\nregion = cn-north-1\n"},
  work={"main.tf": tf(['region  = "cn-north-1"\nprofile = "cn"'])})

for r in ("ap-east-1", "me-south-1", "af-south-1"):
	H("opt-in-%s-akia" % r, home={".aws/credentials": creds("prod"), ".aws/config": "[profile prod]\nregion = %s\n" % r},
	  work={"main.tf": tf(['region  = "%s"\nprofile = "prod"' % r])})

H("opt-in-me-south-1-v2-token", env=vault_env("oi2", "AWS_CREDENTIAL_EXPIRATION", 1, 2, "me-south-1"),
  work={"main.tf": tf(['region = "me-south-1"'])})

H("opt-in-ap-east-1-v2-token-profile",
  home={".aws/credentials": "[prod]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n"
	% (key("oi3", "ASIA"), secret("oi3"), token("oi3", 2)), ".aws/config": "[profile prod]\nregion = ap-east-1\n"},
  work={"main.tf": tf(['region  = "ap-east-1"\nprofile = "prod"'])})

B("opt-in-af-south-1-v1-token", "region-opt-in-global-token",
  env=vault_env("oi4", "AWS_CREDENTIAL_EXPIRATION", 1, 1, "af-south-1"),
  work={"main.tf": tf(['region = "af-south-1"'])})

B("opt-in-ap-east-1-v1-token-profile", "region-opt-in-global-token",
  home={".aws/credentials": "[prod]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n"
	% (key("oi5", "ASIA"), secret("oi5"), token("oi5", 1)), ".aws/config": "[profile prod]\nregion = ap-east-1\n"},
  work={"main.tf": tf(['region  = "ap-east-1"\nprofile = "prod"'])})

B("region-typo", ["region-invalid-in-block", "region-invalid"],
  home={".aws/credentials": creds("prod")},
  work={"main.tf": tf(['region  = "eu-west-l"\nprofile = "prod"'])})

# -- aliases in several regions -----------------------------------------------

ALIAS_HOME = {".aws/credentials": creds("prod", "security-audit", "network"),
	      ".aws/config": CFG_PROD + "\n[profile security-audit]\nregion = us-east-1\n\n[profile network]\nregion = eu-central-1\n"}
ALIASES = ['region  = "eu-west-1"\nprofile = "prod"',
	   'alias   = "audit"\nregion  = "us-east-1"\nprofile = "%s"',
	   'alias   = "network"\nregion  = "eu-central-1"\nprofile = "%s"',
	   'alias   = "dr"\nregion  = "ap-southeast-2"\nprofile = "prod"']

H("aliases-four-regions", home=ALIAS_HOME,
  work={"main.tf": tf([ALIASES[0], ALIASES[1] % "security-audit", ALIASES[2] % "network", ALIASES[3]])})

H("aliases-split-file", home=ALIAS_HOME,
  work={"main.tf": tf([ALIASES[0]]), "providers-extra.tf": "".join(
	"provider \"aws\" {\n" + "".join("  %s\n" % l for l in a.split("\n")) + "}\n\n"
	for a in (ALIASES[1] % "security-audit", ALIASES[2] % "network"))})

B("alias-profile-typo", "provider-profile-not-found", home=ALIAS_HOME,
  work={"main.tf": tf([ALIASES[0], ALIASES[1] % "secuirty-audit", ALIASES[2] % "network"])})

B("alias-profile-typo-second", "provider-profile-not-found", home=ALIAS_HOME,
  work={"main.tf": tf([ALIASES[0], ALIASES[1] % "security-audit", ALIASES[2] % "netwrok", ALIASES[3]])})

B("alias-sso-expired", "sso-token-expired", home=dict(sso_home(valid=False), **{".aws/credentials": creds("base")}),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "base"', 'alias   = "sso"\nregion  = "eu-west-1"\nprofile = "prod"'])})

# -- the S3 backend: own profile or role, assume_role forms per version -------

BE_HOME = {".aws/credentials": creds("prod", "state"),
	   ".aws/config": CFG_PROD + "\n[profile state]\nregion = eu-west-1\n"}
PROV = ['region  = "eu-west-1"\nprofile = "prod"']
BE_ROLE = 'arn:aws:iam::999988887777:role/terraform-state'

H("backend-own-profile-central-state", home=BE_HOME,
  work={"main.tf": tf(PROV, backend=STATE + '\nprofile = "state"\ndynamodb_table = "terraform-locks"\nencrypt = true')})

H("backend-assume-role-attribute-1.6", home=BE_HOME,
  work={"main.tf": tf(PROV, required_version=">= 1.6", backend=STATE +
		      '\nprofile = "prod"\nassume_role = {\n  role_arn     = "%s"\n  session_name = "terraform"\n}' % BE_ROLE)})

H("backend-assume-role-attribute-1.10", home=BE_HOME,
  work={"main.tf": tf(PROV, required_version=">= 1.10.0", backend=STATE +
		      '\nprofile = "prod"\nuse_lockfile = true\nassume_role = {\n  role_arn = "%s"\n}' % BE_ROLE)})

H("backend-assume-role-attribute-1.7-pessimistic", home=BE_HOME,
  work={"main.tf": tf(PROV, required_version="~> 1.7", backend=STATE +
		      '\nprofile = "prod"\nassume_role = {\n  role_arn    = "%s"\n  external_id = "state-9f2c"\n}' % BE_ROLE)})

H("backend-role-profile", home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD +
  "\n[profile state]\nrole_arn = %s\nsource_profile = prod\nregion = eu-west-1\n" % BE_ROLE},
  work={"main.tf": tf(PROV, backend=STATE + '\nprofile = "state"')})

H("backend-partial-config-file", home=BE_HOME,
  work={"main.tf": tf(PROV, backend='key = "app/terraform.tfstate"'),
	"backend.hcl": 'bucket  = "acme-terraform-state"\nregion  = "eu-west-1"\nprofile = "state"\n'})

H("backend-partial-tfbackend-file", home=BE_HOME,
  work={"main.tf": tf(PROV, backend='key = "app/terraform.tfstate"'),
	"prod.s3.tfbackend": 'bucket  = "acme-terraform-state"\nregion  = "eu-west-1"\nprofile = "state"\n'})

H("backend-partial-two-files", home=BE_HOME,
  work={"main.tf": tf(PROV, backend='key = "app/terraform.tfstate"'),
	"dev.tfbackend": 'bucket  = "acme-dev-state"\nprofile = "state"\n',
	"prod.tfbackend": 'bucket  = "acme-prod-state"\nprofile = "state"\n'})

B("backend-partial-config-file-profile-typo", "provider-profile-not-found",
  home=BE_HOME,
  work={"main.tf": tf(PROV, backend='key = "app/terraform.tfstate"'),
	"backend.hcl": 'bucket  = "acme-terraform-state"\nregion  = "eu-west-1"\nprofile = "stat"\n'})

H("backend-default-chain-env-profile", home=BE_HOME, env={"AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"'], backend=STATE)})

B("backend-assume-role-block-form", ["backend-assume-role-block", "terraform-parse-error"],
  home=BE_HOME,
  work={"main.tf": tf(PROV, required_version=">= 1.6", backend=STATE +
		      '\nprofile = "prod"\nassume_role {\n  role_arn = "%s"\n}' % BE_ROLE)})

B("backend-top-level-role-arn-1.10", "backend-role-arn-removed", home=BE_HOME,
  work={"main.tf": tf(PROV, required_version=">= 1.10", backend=STATE +
		      '\nprofile  = "prod"\nrole_arn = "%s"' % BE_ROLE)})

B("backend-top-level-role-arn-tf-version-file", "backend-role-arn-removed", home=BE_HOME,
  work={"main.tf": tf(PROV, required_version=None, backend=STATE +
		      '\nprofile  = "prod"\nrole_arn = "%s"\nsession_name = "tf"' % BE_ROLE),
	".terraform-version": "1.10.5\n"})

B("backend-top-level-role-arn-1.5", "deprecated-backend-role-arn", exit=0, home=BE_HOME,
  work={"main.tf": tf(PROV, required_version="~> 1.5", backend=STATE +
		      '\nprofile  = "prod"\nrole_arn = "%s"' % BE_ROLE)})

B("backend-profile-typo", ["provider-profile-not-found", "profile-not-found"], home=BE_HOME,
  work={"main.tf": tf(PROV, backend=STATE + '\nprofile = "sate"')})

B("backend-temp-key-no-token", ["provider-temp-key-without-token"], home=BE_HOME,
  work={"main.tf": tf(PROV, backend=STATE + '\naccess_key = "%s"\nsecret_key = "%s"' % (key("bk", "ASIA"), secret("bk")))})

# -- lock files and version pins ----------------------------------------------

LOCK = '''# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "%s"
  constraints = "%s"
  hashes = [
    "h1:%s=",
    "zh:%s",
  ]
}
'''

for v, c in (("5.82.2", ">= 5.0.0"), ("4.67.0", ">= 4.0.0")):
	H("lock-file-pins-%s" % v, home=LOCAL,
	  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'], aws_version=None if v[0] == "5" else ">= 4.0"),
		".terraform.lock.hcl": LOCK % (v, c, base64.b64encode(_digest(v, 32)).decode()[:43],
					       hashlib.sha256(v.encode()).hexdigest())})

B("no-pin-no-lock", "provider-version-unpinned", exit=0, home=LOCAL,
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'], aws_version=None)})

# -- CRLF files (botocore reads them; so does go-v2 for plain key = value) ------

def crlf(s):
	return s.replace("\n", "\r\n")

H("crlf-credentials-file", home={".aws/credentials": crlf(creds("prod")), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("crlf-both-files", home={".aws/credentials": crlf(creds("default")), ".aws/config": crlf("[default]\nregion = eu-west-1\n")},
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("crlf-role-config", home={".aws/credentials": crlf(creds("base")), ".aws/config": crlf(ROLE_CFG)},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("crlf-tf-files", home=LOCAL,
  work={"main.tf": crlf(tf(['region  = "eu-west-1"\nprofile = "prod"']))})

B("crlf-key-id-in-env", ["access-key-id-malformed"],
  env={"AWS_ACCESS_KEY_ID": key("crenv") + "\r", "AWS_SECRET_ACCESS_KEY": secret("crenv"), "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("bom-credentials-file", ["bom-in-file"],
  home={".aws/credentials": "\ufeff" + creds("default"), ".aws/config": "[default]\nregion = eu-west-1\n"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("duplicate-profile-sections", ["duplicate-profile"],
  home={".aws/credentials": creds("prod") + "\n" + creds("prod").replace(key("prod"), key("prod2")), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("profile-stale-token-in-credentials", "profile-stale-session-token",
  home={".aws/credentials": creds("prod") + "aws_session_token = %s\n" % token("old"), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("profile-asia-without-token", "profile-temp-key-without-token",
  home={".aws/credentials": "[prod]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (key("pa", "ASIA"), secret("pa")),
	".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("hardcoded-keys-in-provider", ["hardcoded-access-key", "hardcoded-secret-key"],
  work={"main.tf": tf(['region     = "eu-west-1"\naccess_key = "%s"\nsecret_key = "%s"' % (key("hc"), secret("hc"))])})

B("allowed-account-ids-other-account", "allowed-account-ids-mismatch",
  home={".aws/credentials": "[prod]\naws_access_key_id = AKIA5OWNTFAUTHXMPL3Q\naws_secret_access_key = %s\n" % secret("aa"),
	".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"\nallowed_account_ids = ["000011112222"]'])})

H("allowed-account-ids-assumed-role-account",
  home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"\nallowed_account_ids = ["%s"]' % ROLE_CFG.split("::")[1].split(":")[0]])})

B("allowed-account-ids-assumed-role-other-account", "allowed-account-ids-mismatch",
  home={".aws/credentials": creds("base"), ".aws/config": ROLE_CFG},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"\nallowed_account_ids = ["000011112222"]'])})

H("profile-temp-creds-with-token",
  home={".aws/credentials": "[prod]\naws_access_key_id = %s\naws_secret_access_key = %s\naws_session_token = %s\n"
	% (key("pt", "ASIA"), secret("pt"), token("pt")), ".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

H("custom-shared-files-in-provider",
  home={".aws/acme/credentials": creds("prod"), ".aws/acme/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"\nshared_credentials_files = ["~/.aws/acme/credentials"]\n'
		       'shared_config_files      = ["~/.aws/acme/config"]'])})

H("custom-shared-files-env",
  home={"work-aws/credentials": creds("prod"), "work-aws/config": CFG_PROD},
  env={"AWS_SHARED_CREDENTIALS_FILE": "$HOME/work-aws/credentials", "AWS_CONFIG_FILE": "$HOME/work-aws/config",
       "AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

H("sts-regional-endpoints-and-sts-region",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD + "sts_regional_endpoints = regional\n"},
  work={"main.tf": tf(['region     = "eu-west-1"\nprofile    = "prod"\nsts_region = "eu-west-1"'])})

H("default-tags-and-ignore-tags", home=LOCAL,
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"\ndefault_tags {\n  tags = {\n    Team = "platform"\n  }\n}'])})

H("module-subdir-root", home=LOCAL,
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'], extra='\nmodule "vpc" {\n  source = "./modules/vpc"\n}\n'),
	"modules/vpc/main.tf": 'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/16"\n}\n'})

# -- more everyday setups -----------------------------------------------------

ACCT_KEY = "AKIA5OWNTFAUTHXMPL3Q"   # decodes to account 924922882089

H("allowed-account-ids-matching",
  env={"AWS_ACCESS_KEY_ID": ACCT_KEY, "AWS_SECRET_ACCESS_KEY": secret("aa2"), "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"\nallowed_account_ids = ["924922882089"]'])})

B("allowed-account-ids-env-key", "allowed-account-ids-mismatch",
  env={"AWS_ACCESS_KEY_ID": ACCT_KEY, "AWS_SECRET_ACCESS_KEY": secret("aa3"), "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"\nallowed_account_ids = ["000011112222"]'])})

H("sso-legacy-valid-aws-profile", home=sso_home(legacy=True), env={"AWS_PROFILE": "prod"},
  work={"main.tf": tf(['region = "eu-west-1"'], backend=STATE)})

H("sso-session-two-accounts", home=sso_home(extra_cfg=
  "\n[profile dev]\nsso_session = acme\nsso_account_id = 777788889999\nsso_role_name = PowerUserAccess\nregion = eu-west-1\n"),
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"', 'alias   = "dev"\nregion  = "eu-west-1"\nprofile = "dev"'])})

H("role-provider-assume-role-from-env-keys",
  env={"AWS_ACCESS_KEY_ID": key("are"), "AWS_SECRET_ACCESS_KEY": secret("are"), "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"\nassume_role {\n  role_arn     = "arn:aws:iam::222233334444:role/ci"\n'
		       '  session_name = "ci"\n}'])})

H("region-from-profile-only", home={".aws/credentials": creds("default"), ".aws/config": "[default]\nregion = ca-central-1\n"},
  work={"main.tf": tf([''])})

B("web-identity-token-without-role", "web-identity-token-no-role",
  home={"ci/token": jwt(1)}, env={"AWS_WEB_IDENTITY_TOKEN_FILE": "$HOME/ci/token", "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("sso-legacy-never-logged-in", ["sso-session-missing", "sso-token-expired"],
  home={".aws/config": sso_home(legacy=True)[".aws/config"]},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("aws-profile-and-default-profile-differ", "profile-env-conflict", exit=0,
  home={".aws/credentials": creds("prod", "dev")}, env={"AWS_PROFILE": "prod", "AWS_DEFAULT_PROFILE": "dev", "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

# Terraform treats AWS_PROFILE="" as unset; botocore fails: CLI-only breakage.
B("empty-aws-profile-var", "empty-env-var", exit=[0, 1],
  home={".aws/credentials": creds("default")}, env={"AWS_PROFILE": "", "AWS_REGION": "eu-west-1"},
  work={"main.tf": tf(['region = "eu-west-1"'])})

B("indented-secret-line", "indented-key",
  home={".aws/credentials": "[prod]\naws_access_key_id = %s\n  aws_secret_access_key = %s\n" % (key("ind"), secret("ind")),
	".aws/config": CFG_PROD},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

B("stale-token-in-config-merged", "session-token-in-config-merged",
  home={".aws/credentials": creds("prod"), ".aws/config": CFG_PROD + "aws_session_token = %s\n" % token("cfg-old")},
  work={"main.tf": tf(['region  = "eu-west-1"\nprofile = "prod"'])})

# ---- end of cases ----


def write(outdir):
	for c in CASES:
		base = os.path.join(outdir, c["name"])
		for part in ("home", "work"):
			os.makedirs(os.path.join(base, part), mode=0o700)
			for rel, content in c[part].items():
				p = os.path.join(base, part, rel)
				os.makedirs(os.path.dirname(p), mode=0o700, exist_ok=True)
				data = content.encode() if isinstance(content, str) else content
				with open(p, "wb") as f:
					f.write(data)
				os.chmod(p, 0o600)
		meta = {k: c[k] for k in ("name", "kind", "env", "ids", "exit", "args")}
		with open(os.path.join(base, "case.json"), "w") as f:
			json.dump(meta, f, indent=1)


if __name__ == "__main__":
	if len(sys.argv) != 2:
		sys.exit("usage: make-corpus.py OUTDIR")
	write(sys.argv[1])
