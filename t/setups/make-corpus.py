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
#             "ids": [accepted finding ids] (broken), "exit": 0|1}
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

B("quoted-secret-key", ["quoted-value"], exit=0,
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
