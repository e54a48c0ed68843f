"""Probe values for provider tokens: random characters in each provider's published format.

The formats are public facts (the providers' documentation and the rule sets of open secret
scanners describe them); they are written here independently of the detector's own list.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def provider_tokens(r: random.Random) -> list[tuple[str, Callable[[], str]]]:
    def s(alphabet: str, n: int) -> str:
        return "".join(r.choice(alphabet) for _ in range(n))

    def uuid() -> str:
        return "-".join(s(HEX, n) for n in (8, 4, 4, 4, 12))

    table: list[tuple[str, Callable[[], str]]] = [
        ("aws", lambda: r.choice(["AKIA", "ASIA"]) + s("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)),
        ("github_pat", lambda: "ghp_" + s(ALNUM, 36)),
        ("github_app", lambda: r.choice(["ghs_", "ghu_", "gho_", "ghr_"]) + s(ALNUM, 36)),
        ("github_fine", lambda: "github_pat_" + s(ALNUM, 22) + "_" + s(ALNUM, 59)),
        ("gitlab", lambda: r.choice(["glpat-", "gldt-", "glrt-"]) + s(URLSAFE, 20)),
        ("slack_bot", lambda: f"xoxb-{s(string.digits, 12)}-{s(string.digits, 13)}-{s(ALNUM, 24)}"),
        (
            "slack_user",
            lambda: (
                f"xoxp-{s(string.digits, 11)}-{s(string.digits, 12)}-"
                f"{s(string.digits, 13)}-{s(HEX, 32)}"
            ),
        ),
        (
            "slack_webhook",
            lambda: (
                f"https://hooks.slack.com/services/T{s(UPPER_ALNUM, 10)}/B{s(UPPER_ALNUM, 10)}/"
                + s(ALNUM, 24)
            ),
        ),
        ("stripe_live", lambda: "sk_live_" + s(ALNUM, r.choice([24, 99]))),
        ("stripe_test", lambda: "sk_test_" + s(ALNUM, 24)),
        ("stripe_restricted", lambda: r.choice(["rk_live_", "rk_test_"]) + s(ALNUM, 24)),
        ("stripe_webhook", lambda: "whsec_" + s(ALNUM, 32)),
        ("google_api", lambda: "AIza" + s(URLSAFE, 35)),
        ("google_oauth_secret", lambda: "GOCSPX-" + s(URLSAFE, 28)),
        ("google_oauth_access", lambda: "ya29." + s(URLSAFE, 120)),
        ("openai", lambda: "sk-proj-" + s(URLSAFE, 74) + "T3BlbkFJ" + s(URLSAFE, 74)),
        ("anthropic", lambda: "sk-ant-api03-" + s(URLSAFE, 93) + "AA"),
        ("openrouter", lambda: "sk-or-v1-" + s(HEX, 64)),
        ("huggingface", lambda: "hf_" + s(string.ascii_letters, 34)),
        ("sendgrid", lambda: "SG." + s(URLSAFE, 22) + "." + s(URLSAFE, 43)),
        ("brevo", lambda: "xkeysib-" + s(HEX, 64) + "-" + s(ALNUM, 16)),
        ("twilio", lambda: "SK" + s(HEX, 32)),
        ("mailgun", lambda: "key-" + s(HEX, 32)),
        ("mailchimp", lambda: s(HEX, 32) + "-us" + str(r.randint(2, 21))),
        ("sentry_user", lambda: "sntryu_" + s(HEX, 64)),
        (
            "sentry_dsn",
            lambda: (
                f"https://{s(HEX, 32)}@o{s(string.digits, 6)}.ingest.sentry.io/"
                + s(string.digits, 7)
            ),
        ),
        ("heroku", lambda: "HRKU-AA" + s(URLSAFE, 58)),
        ("square", lambda: r.choice(["EAAA" + s(URLSAFE, 60), "sq0atp-" + s(URLSAFE, 22)])),
        ("postman", lambda: "PMAK-" + s(HEX, 24) + "-" + s(HEX, 34)),
        ("digitalocean", lambda: r.choice(["dop_v1_", "doo_v1_"]) + s(HEX, 64)),
        ("azure_ad", lambda: s(ALNUM, 3) + str(r.randint(0, 9)) + "Q~" + s(ALNUM + "_~.-", 34)),
        ("npm", lambda: "npm_" + s(ALNUM, 36)),
        ("pypi", lambda: "pypi-AgEIcHlwaS5vcmc" + s(URLSAFE, 70)),
        ("shopify", lambda: r.choice(["shpat_", "shpss_", "shpca_"]) + s(HEX, 32)),
        (
            "mercadopago",
            lambda: (
                f"APP_USR-{s(string.digits, 16)}-{s(string.digits, 6)}-{s(HEX, 32)}-"
                + s(string.digits, 9)
            ),
        ),
        (
            "discord_webhook",
            lambda: f"https://discord.com/api/webhooks/{s(string.digits, 18)}/" + s(URLSAFE, 68),
        ),
        ("telegram", lambda: f"{r.randint(100000000, 9999999999)}:AA" + s(URLSAFE, 33)),
        ("atlassian", lambda: "ATATT3" + s(URLSAFE, 186)),
        ("linear", lambda: "lin_api_" + s(ALNUM, 40)),
        ("notion", lambda: "ntn_" + s(string.digits, 11) + s(ALNUM, 35)),
        ("figma", lambda: "figd_" + s(URLSAFE, 40)),
        ("doppler", lambda: "dp.pt." + s(ALNUM, 43)),
        ("vault", lambda: "hvs." + s(URLSAFE, 95)),
        ("terraform", lambda: s(ALNUM, 14) + ".atlasv1." + s(URLSAFE, 67)),
        ("grafana", lambda: "glsa_" + s(ALNUM, 32) + "_" + s(HEX, 8)),
        ("newrelic", lambda: "NRAK-" + s(UPPER_ALNUM, 27)),
        ("databricks", lambda: "dapi" + s(HEX, 32)),
        ("pulumi", lambda: "pul-" + s(HEX, 40)),
        ("groq", lambda: "gsk_" + s(ALNUM, 52)),
        ("docker", lambda: "dckr_pat_" + s(URLSAFE, 27)),
        ("age", lambda: "AGE-SECRET-KEY-1" + s(BECH32.upper(), 58)),
        ("rubygems", lambda: "rubygems_" + s(HEX, 48)),
        ("alibaba", lambda: "LTAI" + s(ALNUM, 20)),
        ("planetscale", lambda: "pscale_tkn_" + s(URLSAFE, 43)),
        ("shippo", lambda: r.choice(["shippo_live_", "shippo_test_"]) + s(HEX, 40)),
        ("easypost", lambda: r.choice(["EZAK", "EZTK"]) + s(ALNUM, 54)),
        ("prefect", lambda: "pnu_" + s(ALNUM, 36)),
        ("readme", lambda: "rdme_" + s(LOWER_ALNUM, 70)),
        ("infracost", lambda: "ico-" + s(ALNUM, 32)),
        ("dynatrace", lambda: "dt0c01." + s(UPPER_ALNUM, 24) + "." + s(UPPER_ALNUM, 64)),
        ("duffel", lambda: r.choice(["duffel_live_", "duffel_test_"]) + s(URLSAFE, 43)),
        ("frameio", lambda: "fio-u-" + s(URLSAFE, 64)),
        ("scalingo", lambda: "tk-us-" + s(URLSAFE, 48)),
        ("flyio", lambda: "fo1_" + s(URLSAFE, 43)),
        ("clojars", lambda: "CLOJARS_" + s(LOWER_ALNUM, 60)),
        ("sourcegraph", lambda: "sgp_" + s(HEX, 16) + "_" + s(HEX, 40)),
        ("onepassword", lambda: "ops_eyJ" + s(B64, 260)),
        ("artifactory", lambda: "AKCp" + s(ALNUM, 69)),
        ("adobe", lambda: "p8e-" + s(ALNUM, 32)),
        ("openshift", lambda: "sha256~" + s(URLSAFE, 43)),
        ("maxmind", lambda: s(ALNUM, 6) + "_" + s(ALNUM, 29) + "_mmk"),
        (
            "teams_webhook",
            lambda: (
                f"https://contoso.webhook.office.com/webhookb2/{uuid()}@{uuid()}/"
                f"IncomingWebhook/{s(HEX, 32)}/{uuid()}"
            ),
        ),
        ("plaid", lambda: r.choice(["access-production-", "access-sandbox-"]) + uuid()),
        (
            "jwt",
            lambda: (
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + s(URLSAFE, 60) + "." + s(URLSAFE, 43)
            ),
        ),
        (
            "private_key",
            lambda: (
                "-----BEGIN PRIVATE KEY-----\n"
                + "\n".join(s(B64, 64) for _ in range(4))
                + "\n-----END PRIVATE KEY-----"
            ),
        ),
    ]
    return table


def entropy_values(r: random.Random) -> list[str]:
    """Secrets of no known format: random strings of several alphabets and lengths."""

    def s(alphabet: str, n: int) -> str:
        while True:
            value = "".join(r.choice(alphabet) for _ in range(n))
            if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
                return value

    out: list[str] = []
    for _ in range(12):
        out.append(s(ALNUM, r.choice([24, 32, 40, 48])))
        out.append(s(HEX, r.choice([32, 40, 64])))
        out.append(s(B64, r.choice([28, 44])).rstrip("+/") + "=")
        out.append(s(UPPER_ALNUM, r.choice([20, 26, 32])))
    return out
