"""The same bare hello skill served by flask-ask-sdk the way its documentation shows (a Flask
app, a SkillAdapter, one route), with request verification off as for our --no-verify runs:
the baseline for the self-hosted server in `make bench`."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from skill import openssl_compat  # noqa: E402  (only so flask_ask_sdk imports on OpenSSL 3.0.10+)

openssl_compat.apply()

from flask import Flask  # noqa: E402
from flask_ask_sdk.skill_adapter import SkillAdapter  # noqa: E402

from benchmarks.bare.hello_skill import sb  # noqa: E402

app = Flask(__name__)
app.config["ASK_SDK_VERIFY_SIGNATURE"] = False  # loopback load, unsigned like --no-verify
app.config["ASK_SDK_VERIFY_TIMESTAMP"] = False
skill_adapter = SkillAdapter(skill=sb.create(), skill_id="amzn1.ask.skill.bare", app=app)


@app.route("/alexa", methods=["POST"])
def invoke_skill():
    return skill_adapter.dispatch_request()


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=int(sys.argv[1]) if len(sys.argv) > 1 else 8001, threaded=True)
