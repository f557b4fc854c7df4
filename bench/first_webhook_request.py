"""A cold `stripeWebhook` instance's first request, for `bench.coldstart`: the source of a
`python -c` run from `functions/` (as `import main` is), never imported.

It imports `main` and serves one signed delivery through `main.stripeWebhook`, as the Functions
framework would. The event is of a type the webhook acknowledges without acting on
(`customer.created`), so no Firestore or Stripe call is made and no network is needed; the
signature is computed here with the standard library (loading `stripe` to sign would count
the library against the webhook). Anything but the expected answer fails the run.
"""

import hashlib
import hmac
import io
import json
import os
import time

SECRET = "whsec_coldstart"
os.environ.update(
    STRIPE_WEBHOOK_SECRET=SECRET,
    GCLOUD_PROJECT="demo-coldstart",
    FIRESTORE_EMULATOR_HOST="127.0.0.1:9",  # never reached: the event needs no read
)

import main  # noqa: E402
from flask import Request  # noqa: E402

signed_at = int(time.time())
event = {"id": "evt_coldstart", "object": "event", "type": "customer.created", "created": signed_at}
body = json.dumps({**event, "data": {"object": {"id": "cus_coldstart", "object": "customer"}}})
mac = hmac.new(SECRET.encode(), f"{signed_at}.{body}".encode(), hashlib.sha256).hexdigest()
request = Request(
    {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body.encode()),
        "CONTENT_LENGTH": str(len(body.encode())),
        "CONTENT_TYPE": "application/json",
        "HTTP_STRIPE_SIGNATURE": f"t={signed_at},v1={mac}",
    }
)
answer = vars(main)["stripeWebhook"](request)  # declared from `teamkit.routes`
if answer.status_code != 200 or answer.get_json().get("outcome") != "unhandled_type":
    raise SystemExit(f"stripeWebhook answered {answer.status_code}: {answer.get_data()!r}")
