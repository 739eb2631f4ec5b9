"""`python -m sampleweb [--port N]`: serve the sample web until interrupted."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path

from sampleweb.server import SampleWeb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sampleweb", description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free)")
    parser.add_argument("--root", type=Path, default=None, help="sites folder (default: bundled)")
    args = parser.parse_args(argv)
    with SampleWeb(root=args.root, port=args.port) as web:
        print(web.base_url, flush=True)
        for host in web.sites:
            print(f"  {web.base_url}/_site/{host}/", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
