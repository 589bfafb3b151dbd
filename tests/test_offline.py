"""Nothing is downloaded at import or run time: a scan works with every socket refused."""

import json
import subprocess
import sys
import textwrap

GUARDED_CLI = textwrap.dedent(
    """
    import socket, sys

    def refuse(*args, **kwargs):
        raise OSError("network access attempted during a scan")

    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from scanner.cli import main
    sys.argv = ["piplscan", *sys.argv[1:]]
    main()
    """
)


def test_scan_runs_with_network_refused(tmp_path, rng):
    from tests import synthetic

    email, phone = synthetic.email(rng), synthetic.mobile(rng)
    (tmp_path / "a.txt").write_text(f"邮箱{email}\n电话 {phone}\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", GUARDED_CLI, "scan", str(tmp_path / "a.txt"), "--show-data", "--fail-on", "never"],
        capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    found = [(f["entity_type"], f["value"], f["location"]["line"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [("EMAIL_ADDRESS", email, 1), ("CN_MOBILE_PHONE", phone, 2)]
    assert "network access attempted" not in result.stderr
