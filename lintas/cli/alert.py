"""Tell the newsroom that a publish held stories back.

    lintas alert [--settings publishconf.py] [--output output]

``lintas build --publish`` runs the alert itself when it holds a story back
(exit status 3) unless given ``--no-alert``; ``make deploy`` passes that and
calls ``lintas alert`` after the deploy, so the message arrives once the site
is out. The report (``.output.held-back.json`` beside the output folder) is
what is sent:

- ``NEWSROOM_ALERT_COMMAND``: an argv list run with the report as JSON on its
  standard input and its path in ``LINTAS_HELD_BACK_REPORT`` (a mail command,
  a chat bot, ``logger``);
- ``NEWSROOM_ALERT_URL``: the report POSTed as JSON (a chat webhook, an
  uptime service's heartbeat).

Exit status: 0 sent (or nothing to send), 1 an alert failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from lintas.core import holdback
from lintas.core.config import setting
from lintas.core.messages import Text, msg, say, use_settings

SETTINGS = (
    setting(
        "NEWSROOM_ALERT_COMMAND",
        [],
        list,
        doc="argv run when a publish holds stories back; the report is on its stdin",
    ),
    setting(
        "NEWSROOM_ALERT_URL",
        "",
        str,
        doc="URL the held-back report is POSTed to as JSON when a publish holds stories back",
    ),
)
TIMEOUT_SECONDS = 20
USER_AGENT = "Lintas held-back alert"


def send_alert(settings: dict, report: dict, report_path: Path | None = None) -> list[Text]:
    """Run every configured alert; returns what failed (empty: all sent), as
    messages for the newsroom's terminal."""
    failures = []
    body = json.dumps(report, ensure_ascii=False).encode("utf-8")
    command = list(settings.get("NEWSROOM_ALERT_COMMAND") or [])
    if command:
        env = {**os.environ, "LINTAS_HELD_BACK_REPORT": str(report_path or "")}
        try:
            done = subprocess.run(
                command, input=body, capture_output=True, env=env, timeout=TIMEOUT_SECONDS
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            failures.append(
                msg(
                    "the alert command '%(command)s' failed: %(error)s — check "
                    "NEWSROOM_ALERT_COMMAND, then send it again with: lintas alert",
                    command=command[0],
                    error=str(error),
                )
            )
        else:
            if done.returncode != 0:
                failures.append(
                    msg(
                        "the alert command '%(command)s' exited with status %(status)d: "
                        "%(error)s — check NEWSROOM_ALERT_COMMAND, then send it again with: "
                        "lintas alert",
                        command=command[0],
                        status=done.returncode,
                        error=done.stderr.decode(errors="replace").strip(),
                    )
                )
    url = settings.get("NEWSROOM_ALERT_URL") or ""
    if url:
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "User-Agent": USER_AGENT},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                response.read()
        except (urllib.error.URLError, OSError) as error:
            failures.append(
                msg(
                    "sending the alert to %(url)s failed: %(error)s — check NEWSROOM_ALERT_URL "
                    "and the network, then send it again with: lintas alert",
                    url=url,
                    error=str(error),
                )
            )
    return failures


def alert_configured(settings: dict) -> bool:
    return bool(settings.get("NEWSROOM_ALERT_COMMAND") or settings.get("NEWSROOM_ALERT_URL"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lintas alert", description=__doc__.splitlines()[0])
    parser.add_argument("--settings", type=Path, default=Path("publishconf.py"))
    parser.add_argument("--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)

    from lintas.settings import read_settings

    settings = read_settings(args.settings)
    use_settings(settings)  # its lines in MESSAGES_LANGUAGE
    output = args.output.resolve()
    report = holdback.read_report(output)
    if report is None or not report.get("held"):
        print(say(msg("the last publish held nothing back: no alert")))
        return 0
    if not alert_configured(settings):
        print(
            say(
                msg(
                    "no alert sent: neither NEWSROOM_ALERT_COMMAND nor NEWSROOM_ALERT_URL is "
                    "set in %(settings)s",
                    settings=args.settings.name,
                )
            )
        )
        return 0
    failures = send_alert(settings, report, holdback.report_paths(output)[0])
    for failure in failures:
        print(say(failure), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
