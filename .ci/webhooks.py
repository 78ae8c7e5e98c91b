#!/usr/bin/env python3
"""Checks a webhook the server really sent with the public Standard Webhooks library.

Usage: webhooks.py CAPTURE.json

CAPTURE.json is written by the e2e test
`webhooks::a_change_reaches_a_loopback_receiver_signed_per_standard_webhooks` when
CCHC_WEBHOOK_CAPTURE names a file: {"secret", "headers": {webhook-id, webhook-timestamp,
webhook-signature}, "body"}. The `standardwebhooks` package (PyPI, pinned by the caller,
e.g. `pip install standardwebhooks==1.1.0`) must accept it as sent and refuse it with one
byte of the body changed or another secret. Run it within five minutes of the capture
(the library's timestamp tolerance).
"""

import json
import sys

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        capture = json.load(f)
    secret = capture["secret"]
    headers = capture["headers"]
    body = capture["body"]

    payload = Webhook(secret).verify(body, headers)
    assert payload["type"], "the verified payload has a type"
    print(f"standardwebhooks verified {headers['webhook-id']}: {payload['type']}")

    refusals = {
        "a changed body": (secret, body.replace('"data"', '"date"', 1)),
        "another secret": ("whsec_" + "QUFB" * 8, body),
    }
    for what, (other_secret, other_body) in refusals.items():
        try:
            Webhook(other_secret).verify(other_body, headers)
        except WebhookVerificationError:
            print(f"standardwebhooks refused {what}")
        else:
            print(f"standardwebhooks accepted {what}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
