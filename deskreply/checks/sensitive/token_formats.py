"""Provider token formats: prefix, alphabet and length as each provider documents them.

The formats are public facts (the providers' docs; the same facts secret scanners such as
gitleaks describe); the patterns are written here. Every repeat is one character class with an
upper bound and each pattern starts with a literal prefix (or a bounded class), so matching is
linear in the text. ``hints`` are literals one of which every match contains: a pattern runs only
when one is in the draft. Publishable keys (Stripe ``pk_``, Mapbox ``pk.``) are public by design.

Each format carries a positive example built by :func:`sample` (deterministic pseudo-random
characters, so no real key is ever in the repo) and negative examples; the registry test runs
them all.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_B = r"(?<![A-Za-z0-9_\-])"
_E = r"(?![A-Za-z0-9_\-])"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "_-"
UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def sample(seed: str, alphabet: str, length: int) -> str:
    """``length`` characters of ``alphabet``, pseudo-random but the same for the same seed."""
    out: list[str] = []
    counter = 0
    while len(out) < length:
        digest = hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        out.extend(alphabet[b % len(alphabet)] for b in digest)
        counter += 1
    return "".join(out[:length])


@dataclass(frozen=True)
class TokenFormat:
    """One provider's token: ``pattern`` finds it; ``group`` is the secret part of the match."""

    provider: str
    label: str
    hints: tuple[str, ...]  # the pattern runs only when one of these is in the draft
    pattern: str
    example: str
    group: int = 0
    negatives: tuple[str, ...] = ()

    def compiled(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


def _f(
    provider: str,
    label: str,
    hint: str | tuple[str, ...],
    body: str,
    example: str,
    *,
    group: int = 0,
    bounded: bool = True,
    negatives: tuple[str, ...] = (),
) -> TokenFormat:
    pattern = _B + body + _E if bounded else body
    hints = (hint,) if isinstance(hint, str) else hint
    return TokenFormat(provider, label, hints, pattern, example, group, negatives)


def _s(seed: str, alphabet: str, n: int) -> str:
    return sample(seed, alphabet, n)


FORMATS: tuple[TokenFormat, ...] = (
    _f(
        "aws",
        "AWS access key",
        ("AKIA", "ASIA", "ABIA", "ACCA", "A3T"),
        r"(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}",
        "AKIA" + _s("aws", "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
        negatives=("AKIAIOSFODNN7EXAMPLE", "AKIA1234"),
    ),
    _f(
        "github",
        "GitHub token",
        "gh",
        r"gh[pousr]_[A-Za-z0-9]{36,255}",
        "ghp_" + _s("gh", ALNUM, 36),
        negatives=("ghp_" + "x" * 36, "ghp_short"),
    ),
    _f(
        "github",
        "GitHub fine-grained token",
        "github_pat_",
        r"github_pat_[A-Za-z0-9_]{22,255}",
        "github_pat_" + _s("ghf", ALNUM, 22) + "_" + _s("ghf2", ALNUM, 59),
    ),
    _f(
        "gitlab",
        "GitLab token",
        "gl",
        r"gl(?:pat|dt|ptt|rt|cbt|imt|soat|ffct)-[A-Za-z0-9_\-]{20,64}",
        "glpat-" + _s("gl", URLSAFE, 20),
        negatives=("glpat-XXXXXXXXXXXXXXXXXXXX",),
    ),
    _f(
        "slack",
        "Slack token",
        "xox",
        r"xox[baprse]-[A-Za-z0-9\-]{10,250}",
        "xoxb-1234567890-" + _s("sl", ALNUM, 24),
        negatives=("xoxb-your-token-here",),
    ),
    _f(
        "slack",
        "Slack app token",
        "xapp-",
        r"xapp-\d-[A-Za-z0-9\-]{10,250}",
        "xapp-1-A" + _s("sla", UPPER_DIGITS, 10) + "-" + _s("sla2", HEX, 40),
    ),
    _f(
        "slack",
        "Slack webhook URL",
        "hooks.slack.com",
        r"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/\-]{20,120}",
        "https://hooks.slack.com/services/T"
        + _s("sw", UPPER_DIGITS, 8)
        + "/B"
        + _s("sw2", UPPER_DIGITS, 10)
        + "/"
        + _s("sw3", ALNUM, 24),
        bounded=False,
    ),
    _f(
        "stripe",
        "Stripe secret key",
        "k_",
        r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,247}",
        "sk_test_" + _s("st", ALNUM, 24),
        negatives=("pk_live_" + _s("stp", ALNUM, 24), "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx"),
    ),
    _f(
        "stripe",
        "Stripe webhook secret",
        "whsec_",
        r"whsec_[A-Za-z0-9+/=]{24,80}",
        "whsec_" + _s("wh", ALNUM, 32),
    ),
    _f(
        "google",
        "Google API key",
        "AIza",
        r"AIza[0-9A-Za-z_\-]{35}",
        "AIza" + _s("gapi", URLSAFE, 35),
        negatives=("AIza" + "X" * 35,),
    ),
    _f(
        "google",
        "Google OAuth client secret",
        "GOCSPX-",
        r"GOCSPX-[A-Za-z0-9_\-]{28}",
        "GOCSPX-" + _s("goc", URLSAFE, 28),
    ),
    _f(
        "openai",
        "OpenAI key",
        "sk-",
        r"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,200}T3BlbkFJ[A-Za-z0-9_\-]{20,200}",
        "sk-proj-" + _s("oa", URLSAFE, 40) + "T3BlbkFJ" + _s("oa2", URLSAFE, 40),
        negatives=("sk-your-key-here",),
    ),
    _f(
        "openai",
        "OpenAI project key",
        "sk-",
        r"sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{40,250}",
        "sk-proj-" + _s("oap", URLSAFE, 120),
    ),
    _f(
        "anthropic",
        "Anthropic key",
        "sk-ant-",
        r"sk-ant-(?:api|admin|sid)\d\d-[A-Za-z0-9_\-]{80,120}",
        "sk-ant-api03-" + _s("an", URLSAFE, 93) + "AA",
    ),
    _f(
        "huggingface",
        "Hugging Face token",
        "hf_",
        r"hf_[A-Za-z]{34}",
        "hf_" + _s("hf", ALNUM[:52], 34),
        negatives=("hf_" + "x" * 34,),
    ),
    _f(
        "sendgrid",
        "SendGrid key",
        "SG.",
        r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
        "SG." + _s("sg", URLSAFE, 22) + "." + _s("sg2", URLSAFE, 43),
    ),
    _f("twilio", "Twilio API key", "SK", r"SK[0-9a-fA-F]{32}", "SK" + _s("tw", HEX, 32)),
    _f("mailgun", "Mailgun key", "key-", r"key-[0-9a-f]{32}", "key-" + _s("mg", HEX, 32)),
    _f("mailchimp", "Mailchimp key", "-us", r"[0-9a-f]{32}-us\d{1,2}", _s("mc", HEX, 32) + "-us14"),
    _f(
        "sentry",
        "Sentry DSN",
        "sentry.io",
        r"https://([0-9a-f]{32})@[a-z0-9.\-]{1,60}\.sentry\.io/\d{1,12}",
        "https://" + _s("sd", HEX, 32) + "@o123456.ingest.sentry.io/4500123",
        bounded=False,
    ),
    _f(
        "sentry",
        "Sentry token",
        "sntry",
        r"sntry[usi]_[A-Za-z0-9+/=_]{40,200}",
        "sntryu_" + _s("sn", HEX, 64),
    ),
    _f(
        "heroku",
        "Heroku API key",
        "HRKU-",
        r"HRKU-[A-Za-z0-9_\-]{40,80}",
        "HRKU-AA" + _s("hk", URLSAFE, 58),
    ),
    _f(
        "square",
        "Square access token",
        "EAAA",
        r"EAAA[A-Za-z0-9_\-]{60}",
        "EAAA" + _s("sq", URLSAFE, 60),
    ),
    _f(
        "square",
        "Square OAuth secret",
        "sq0",
        r"sq0(?:csp|atp)-[A-Za-z0-9_\-]{22,43}",
        "sq0csp-" + _s("sqo", URLSAFE, 43),
    ),
    _f(
        "postman",
        "Postman API key",
        "PMAK-",
        r"PMAK-[a-f0-9]{24}-[a-f0-9]{34}",
        "PMAK-" + _s("pm", HEX, 24) + "-" + _s("pm2", HEX, 34),
    ),
    _f(
        "digitalocean",
        "DigitalOcean token",
        "do",
        r"do[por]_v1_[a-f0-9]{64}",
        "dop_v1_" + _s("do", HEX, 64),
    ),
    _f(
        "azure",
        "Azure client secret",
        "Q~",
        r"[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}",
        _s("az", ALNUM, 3) + "8Q~" + _s("az2", ALNUM + "_~.-", 34),
    ),
    _f(
        "azure",
        "Azure storage key",
        "AccountKey=",
        r"AccountKey=([A-Za-z0-9+/]{86}==)",
        "AccountKey=" + _s("azs", ALNUM + "+/", 86) + "==",
        group=1,
        bounded=False,
    ),
    _f("npm", "npm token", "npm_", r"npm_[A-Za-z0-9]{36}", "npm_" + _s("npm", ALNUM, 36)),
    _f(
        "pypi",
        "PyPI token",
        "pypi-",
        r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,300}",
        "pypi-AgEIcHlwaS5vcmc" + _s("py", URLSAFE, 60),
    ),
    _f(
        "shopify",
        "Shopify token",
        "shp",
        r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
        "shpat_" + _s("sh", HEX, 32),
    ),
    _f(
        "mercadopago",
        "Mercado Pago access token",
        ("APP_USR-", "TEST-"),
        r"(?:APP_USR|TEST)-\d{10,20}-\d{6}-[0-9a-f]{32}-\d{5,12}",
        "APP_USR-1234567890123456-101112-" + _s("mp", HEX, 32) + "-123456789",
    ),
    _f(
        "discord",
        "Discord webhook URL",
        "/api/webhooks/",
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d{5,30}/[A-Za-z0-9_\-]{60,100}",
        "https://discord.com/api/webhooks/123456789012345678/" + _s("dw", URLSAFE, 68),
        bounded=False,
    ),
    _f(
        "discord",
        "Discord bot token",
        ".",
        r"[MN][A-Za-z0-9]{23,25}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38}",
        "M" + _s("db", ALNUM, 23) + "." + _s("db2", URLSAFE, 6) + "." + _s("db3", URLSAFE, 27),
    ),
    _f(
        "telegram",
        "Telegram bot token",
        ":AA",
        r"\d{8,10}:AA[A-Za-z0-9_\-]{33}",
        "1234567890:AA" + _s("tg", URLSAFE, 33),
    ),
    _f(
        "atlassian",
        "Atlassian API token",
        "ATATT3",
        r"ATATT3[A-Za-z0-9_\-=]{150,250}",
        "ATATT3" + _s("at", URLSAFE, 186),
    ),
    _f(
        "linear",
        "Linear API key",
        "lin_api_",
        r"lin_api_[A-Za-z0-9]{40}",
        "lin_api_" + _s("li", ALNUM, 40),
    ),
    _f(
        "notion",
        "Notion token",
        "ntn_",
        r"ntn_\d{11}[A-Za-z0-9]{35}",
        "ntn_12345678901" + _s("no", ALNUM, 35),
    ),
    _f(
        "notion",
        "Notion integration secret",
        "secret_",
        r"secret_[A-Za-z0-9]{43}",
        "secret_" + _s("nos", ALNUM, 43),
    ),
    _f(
        "figma", "Figma token", "figd_", r"figd_[A-Za-z0-9_\-]{40}", "figd_" + _s("fi", URLSAFE, 40)
    ),
    _f(
        "doppler",
        "Doppler token",
        "dp.",
        r"dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}",
        "dp.pt." + _s("dp", ALNUM, 43),
    ),
    _f(
        "hashicorp",
        "Vault token",
        "hv",
        r"hv[sbr]\.[A-Za-z0-9_\-]{24,200}",
        "hvs." + _s("hv", URLSAFE, 90),
    ),
    _f(
        "hashicorp",
        "Terraform Cloud token",
        ".atlasv1.",
        r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}",
        _s("tf", ALNUM, 14) + ".atlasv1." + _s("tf2", URLSAFE, 67),
    ),
    _f(
        "grafana",
        "Grafana token",
        "gl",
        r"gl(?:sa|c)_[A-Za-z0-9+/=_]{32,400}",
        "glsa_" + _s("gr", ALNUM, 32) + "_" + _s("gr2", HEX, 8),
    ),
    _f(
        "newrelic",
        "New Relic key",
        "NR",
        r"NR(?:AK|II|JS)-[A-Za-z0-9]{27}",
        "NRAK-" + _s("nr", UPPER_DIGITS, 27),
    ),
    _f(
        "supabase",
        "Supabase token",
        "sb",
        r"sb(?:p|_secret)_[A-Za-z0-9_\-]{30,64}",
        "sbp_" + _s("sb", HEX, 40),
    ),
    _f(
        "databricks",
        "Databricks token",
        "dapi",
        r"dapi[a-f0-9]{32}(?:-\d)?",
        "dapi" + _s("dbr", HEX, 32),
    ),
    _f("pulumi", "Pulumi token", "pul-", r"pul-[a-f0-9]{40}", "pul-" + _s("pu", HEX, 40)),
    _f("replicate", "Replicate token", "r8_", r"r8_[A-Za-z0-9]{37}", "r8_" + _s("r8", ALNUM, 37)),
    _f("groq", "Groq key", "gsk_", r"gsk_[A-Za-z0-9]{52}", "gsk_" + _s("gq", ALNUM, 52)),
    _f(
        "perplexity",
        "Perplexity key",
        "pplx-",
        r"pplx-[A-Za-z0-9]{48}",
        "pplx-" + _s("pp", ALNUM, 48),
    ),
    _f("xai", "xAI key", "xai-", r"xai-[A-Za-z0-9]{70,90}", "xai-" + _s("xa", ALNUM, 80)),
    _f(
        "docker",
        "Docker Hub token",
        "dckr_",
        r"dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,40}",
        "dckr_pat_" + _s("dk", URLSAFE, 27),
    ),
    _f(
        "age",
        "age secret key",
        "AGE-SECRET-KEY-1",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
        "AGE-SECRET-KEY-1" + _s("age", "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58),
    ),
    _f(
        "rubygems",
        "RubyGems key",
        "rubygems_",
        r"rubygems_[a-f0-9]{48}",
        "rubygems_" + _s("rg", HEX, 48),
    ),
    _f(
        "flutterwave",
        "Flutterwave secret key",
        "FLWSECK",
        r"FLWSECK(?:_TEST)?-[a-f0-9]{32}-X",
        "FLWSECK-" + _s("fw", HEX, 32) + "-X",
    ),
    _f(
        "razorpay",
        "Razorpay key",
        "rzp_",
        r"rzp_(?:live|test)_[A-Za-z0-9]{14}",
        "rzp_live_" + _s("rz", ALNUM, 14),
    ),
    _f(
        "alibaba",
        "Alibaba Cloud key",
        "LTAI",
        r"LTAI[A-Za-z0-9]{12,20}",
        "LTAI" + _s("al", ALNUM, 20),
    ),
    _f(
        "planetscale",
        "PlanetScale token",
        "pscale_",
        r"pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.\-]{32,64}",
        "pscale_tkn_" + _s("ps", URLSAFE, 43),
    ),
    _f(
        "contentful",
        "Contentful token",
        "CFPAT-",
        r"CFPAT-[A-Za-z0-9_\-]{43}",
        "CFPAT-" + _s("cf", URLSAFE, 43),
    ),
    _f(
        "netlify",
        "Netlify token",
        "nfp_",
        r"nf[pcu]_[A-Za-z0-9]{36,40}",
        "nfp_" + _s("nf", ALNUM, 36),
    ),
    _f(
        "airtable",
        "Airtable token",
        "pat",
        r"pat[A-Za-z0-9]{14}\.[a-f0-9]{64}",
        "pat" + _s("air", ALNUM, 14) + "." + _s("air2", HEX, 64),
    ),
    _f(
        "mapbox",
        "Mapbox secret token",
        "sk.eyJ",
        r"sk\.eyJ[A-Za-z0-9_\-]{50,200}\.[A-Za-z0-9_\-]{20,40}",
        "sk.eyJ1Ijoi" + _s("mb", URLSAFE, 60) + "." + _s("mb2", URLSAFE, 22),
    ),
    _f(
        "facebook",
        "Meta access token",
        "EAA",
        r"EAA[BCDGI][A-Za-z0-9]{80,250}",
        "EAAB" + _s("fb", ALNUM, 150),
    ),
    _f(
        "paypal",
        "PayPal/Braintree token",
        "access_token$",
        r"access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}",
        "access_token$production$"
        + _s("pp1", "abcdefghijklmnopqrstuvwxyz0123456789", 16)
        + "$"
        + _s("pp2", HEX, 32),
        bounded=False,
    ),
    _f(
        "firebase",
        "Firebase server key",
        "AAAA",
        r"AAAA[A-Za-z0-9_\-]{7}:[A-Za-z0-9_\-]{140}",
        "AAAA" + _s("fcm", URLSAFE, 7) + ":" + _s("fcm2", URLSAFE, 140),
    ),
    _f(
        "cloudflare",
        "Cloudflare origin CA key",
        "v1.0-",
        r"v1\.0-[a-f0-9]{24}-[a-f0-9]{146}",
        "v1.0-" + _s("cf1", HEX, 24) + "-" + _s("cf2", HEX, 146),
    ),
    _f(
        "google",
        "Google OAuth access token",
        "ya29.",
        r"ya29\.[A-Za-z0-9_\-]{30,400}",
        "ya29." + _s("ya", URLSAFE, 120),
    ),
    _f(
        "openrouter",
        "OpenRouter key",
        "sk-or-",
        r"sk-or-v1-[a-f0-9]{64}",
        "sk-or-v1-" + _s("or", HEX, 64),
    ),
    _f(
        "brevo",
        "Brevo (Sendinblue) key",
        "xkeysib-",
        r"xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}",
        "xkeysib-" + _s("bv", HEX, 64) + "-" + _s("bv2", ALNUM, 16),
    ),
    _f(
        "shippo",
        "Shippo token",
        "shippo_",
        r"shippo_(?:live|test)_[a-fA-F0-9]{40}",
        "shippo_live_" + _s("shp", HEX, 40),
    ),
    _f(
        "easypost",
        "EasyPost key",
        ("EZAK", "EZTK"),
        r"EZ[AT]K[A-Za-z0-9]{54}",
        "EZAK" + _s("ez", ALNUM, 54),
    ),
    _f("prefect", "Prefect key", "pnu_", r"pnu_[A-Za-z0-9]{36}", "pnu_" + _s("pf", ALNUM, 36)),
    _f("readme", "ReadMe key", "rdme_", r"rdme_[a-z0-9]{70}", "rdme_" + _s("rd", HEX, 70)),
    _f("infracost", "Infracost key", "ico-", r"ico-[A-Za-z0-9]{32}", "ico-" + _s("ic", ALNUM, 32)),
    _f(
        "dynatrace",
        "Dynatrace token",
        "dt0c01.",
        r"dt0c01\.[A-Za-z0-9]{24}\.[A-Za-z0-9]{64}",
        "dt0c01." + _s("dt", UPPER_DIGITS, 24) + "." + _s("dt2", UPPER_DIGITS, 64),
    ),
    _f(
        "duffel",
        "Duffel token",
        "duffel_",
        r"duffel_(?:live|test)_[A-Za-z0-9_\-=]{43}",
        "duffel_live_" + _s("df", URLSAFE, 43),
    ),
    _f(
        "frameio",
        "Frame.io token",
        "fio-u-",
        r"fio-u-[A-Za-z0-9_\-=]{64}",
        "fio-u-" + _s("fio", URLSAFE, 64),
    ),
    _f(
        "scalingo",
        "Scalingo token",
        "tk-us-",
        r"tk-us-[A-Za-z0-9_\-]{48}",
        "tk-us-" + _s("sc", URLSAFE, 48),
    ),
    _f(
        "flyio",
        "Fly.io token",
        ("fo1_", "fm1", "fm2_"),
        r"(?:fo1_[A-Za-z0-9_\-]{43}|fm[12][ar]?_[A-Za-z0-9+/]{100,2000}={0,3})",
        "fo1_" + _s("fly", URLSAFE, 43),
    ),
    _f(
        "clojars",
        "Clojars token",
        "CLOJARS_",
        r"CLOJARS_[A-Za-z0-9]{60}",
        "CLOJARS_" + _s("clj", HEX, 60),
    ),
    _f(
        "sourcegraph",
        "Sourcegraph token",
        "sgp_",
        r"sgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}",
        "sgp_" + _s("sgp", HEX, 16) + "_" + _s("sgp2", HEX, 40),
    ),
    _f(
        "1password",
        "1Password service account token",
        "ops_eyJ",
        r"ops_eyJ[A-Za-z0-9+/]{200,2000}={0,3}",
        "ops_eyJ" + _s("ops", ALNUM + "+/", 250),
    ),
    _f(
        "artifactory",
        "JFrog Artifactory key",
        "AKCp",
        r"AKCp[A-Za-z0-9]{69}",
        "AKCp" + _s("jf", ALNUM, 69),
    ),
    _f(
        "adobe", "Adobe client secret", "p8e-", r"p8e-[A-Za-z0-9]{32}", "p8e-" + _s("ad", ALNUM, 32)
    ),
    _f(
        "openshift",
        "OpenShift token",
        "sha256~",
        r"sha256~[A-Za-z0-9_\-]{43}",
        "sha256~" + _s("osh", URLSAFE, 43),
        bounded=False,
    ),
    _f(
        "maxmind",
        "MaxMind licence key",
        "_mmk",
        r"[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk",
        _s("mm", ALNUM, 6) + "_" + _s("mm2", ALNUM, 29) + "_mmk",
    ),
    _f(
        "microsoft",
        "Microsoft Teams webhook URL",
        "webhook.office.com",
        r"https://[a-z0-9\-]{1,60}\.webhook\.office\.com/webhookb2/[A-Za-z0-9@\-]{36,120}"
        r"/IncomingWebhook/[a-f0-9]{32}/[A-Za-z0-9\-]{36}(?:/[A-Za-z0-9_\-]{20,80})?",
        "https://contoso.webhook.office.com/webhookb2/"
        + "-".join(_s("tm" + str(i), HEX, n) for i, n in enumerate((8, 4, 4, 4, 12)))
        + "@"
        + "-".join(_s("tn" + str(i), HEX, n) for i, n in enumerate((8, 4, 4, 4, 12)))
        + "/IncomingWebhook/"
        + _s("tw2", HEX, 32)
        + "/"
        + "-".join(_s("to" + str(i), HEX, n) for i, n in enumerate((8, 4, 4, 4, 12))),
        bounded=False,
    ),
    _f(
        "plaid",
        "Plaid access token",
        "access-",
        r"access-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}"
        r"-[0-9a-f]{4}-[0-9a-f]{12}",
        "access-production-"
        + "-".join(_s("pl" + str(i), HEX, n) for i, n in enumerate((8, 4, 4, 4, 12))),
    ),
    _f(
        "wompi",
        "Wompi private key",
        "prv_",
        r"prv_(?:prod|test)_[A-Za-z0-9]{24,40}",
        "prv_prod_" + _s("wo", ALNUM, 32),
    ),
    _f(
        "hubspot",
        "HubSpot private app token",
        "pat-",
        r"pat-(?:na|eu|ap)\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "pat-na1-" + "-".join(_s("hs" + str(i), HEX, n) for i, n in enumerate((8, 4, 4, 4, 12))),
    ),
    _f(
        "tailscale",
        "Tailscale key",
        "tskey-",
        r"tskey-(?:api|auth|client|webhook|scim)-[A-Za-z0-9]{6,20}-[A-Za-z0-9]{20,64}",
        "tskey-auth-k" + _s("ts", ALNUM, 11) + "-" + _s("ts2", ALNUM, 32),
    ),
    _f(
        "langsmith",
        "LangSmith key",
        "lsv2_",
        r"lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}",
        "lsv2_pt_" + _s("ls", HEX, 32) + "_" + _s("ls2", HEX, 10),
    ),
    _f(
        "pinecone",
        "Pinecone key",
        "pcsk_",
        r"pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{40,80}",
        "pcsk_" + _s("pc", ALNUM, 6) + "_" + _s("pc2", ALNUM, 63),
    ),
    _f(
        "bitbucket",
        "Bitbucket app password",
        "ATBB",
        r"ATBB[A-Za-z0-9]{28,40}",
        "ATBB" + _s("bb", ALNUM, 32),
    ),
    _f(
        "yandex",
        "Yandex Cloud key",
        ("AQVN", "y0_"),
        r"(?:AQVN[A-Za-z0-9_\-]{35,38}|y[0-3]_[A-Za-z0-9_\-]{55})",
        "AQVN" + _s("ya2", URLSAFE, 36),
    ),
    _f(
        "jwt",
        "JSON web token",
        "eyJ",
        r"(?<![A-Za-z0-9_\-.])eyJ[A-Za-z0-9_\-]{5,4000}\.eyJ[A-Za-z0-9_\-]{5,8000}"
        r"\.[A-Za-z0-9_\-]{10,2000}(?![A-Za-z0-9_\-.]|\.[A-Za-z0-9])",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi" + _s("jwt", URLSAFE, 30) + "." + _s("jwt2", URLSAFE, 43),
        bounded=False,
    ),
)

# Keys that are public by design (Stripe publishable, Mapbox public): never a leak.
PUBLIC_PREFIXES = ("pk_live_", "pk_test_", "pk.eyJ")

PROVIDERS: frozenset[str] = frozenset(f.provider for f in FORMATS)
