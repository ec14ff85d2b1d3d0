"""The gateway double in a process of its own, so its work never competes with the measured app for the GIL.

Run: python -m bench.gateway   (driven through stdin/stdout by `GatewayProcess`)

Commands, one per line on stdin; each is answered with one line on stdout:

* ``markdown CHARS CHUNKS``: the next requests get a Markdown answer of CHARS characters in CHUNKS events,
  sent as fast as the socket takes them;
* ``pace CHARS_PER_CHUNK INTERVAL SECONDS``: a chunk of CHARS_PER_CHUNK characters every INTERVAL seconds
  for SECONDS seconds;
* ``math CHARS FORMULAS CHUNKS DELAY WITH_MATH VARIANT``: a mathematical answer (bench.content.math_answer)
  of CHARS characters with FORMULAS formulas in CHUNKS events, DELAY seconds apart (0: as fast as possible);
  WITH_MATH 0 sends the same answer with the formulas as plain text; another VARIANT has other formulas;
* ``count``: how many generation requests arrived so far.

End of stdin stops the gateway.
"""

from __future__ import annotations

import subprocess
import sys

from app.demo.scenario import Scenario
from app.demo.server import GatewayDouble
from bench.content import markdown_answer, math_answer, pieces, response_chunks

API_KEY = "bench-key"


def markdown_scenario(chars: int, count: int) -> Scenario:
    """A long Markdown answer in ``count`` events, no delays (Google SSE)."""
    return Scenario("bench-markdown", "google-sse", response_chunks(pieces(markdown_answer(chars), count)))


def pace_scenario(chars: int, interval: float, seconds: float) -> Scenario:
    """A model's real pace: ``chars`` characters every ``interval`` seconds for ``seconds`` seconds."""
    count = max(1, round(seconds / interval))
    text = markdown_answer(chars * count)
    return Scenario("bench-pace", "google-sse", response_chunks(pieces(text, count)), chunk_delay=interval)


def math_scenario(
    chars: int, formulas: int, count: int, delay: float, with_math: bool, variant: int
) -> Scenario:
    """A mathematical answer in ``count`` events, ``delay`` seconds apart."""
    text = math_answer(chars, formulas, with_math=with_math, variant=variant)
    return Scenario("bench-math", "google-sse", response_chunks(pieces(text, count)), chunk_delay=delay)


def serve() -> int:
    with GatewayDouble(api_key=API_KEY) as gateway:
        print(f"READY {gateway.base_url}", flush=True)
        for line in sys.stdin:
            words = line.split()
            if not words:
                continue
            if words[0] == "markdown":
                gateway.set_scenario(markdown_scenario(int(words[1]), int(words[2])))
            elif words[0] == "pace":
                gateway.set_scenario(pace_scenario(int(words[1]), float(words[2]), float(words[3])))
            elif words[0] == "math":
                chars, formulas, count = (int(word) for word in words[1:4])
                scenario = math_scenario(
                    chars, formulas, count, float(words[4]), words[5] == "1", int(words[6])
                )
                gateway.set_scenario(scenario)
            elif words[0] == "count":
                print(sum(1 for r in gateway.requests if r.path.endswith("GenerateContent")), flush=True)
                continue
            print("OK", flush=True)
    return 0


class GatewayProcess:
    """Starts ``python -m bench.gateway`` and sends it commands."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "bench.gateway"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        ready = self._process.stdout.readline().split()
        if not ready or ready[0] != "READY":
            raise RuntimeError("the gateway process did not start")
        self.base_url = ready[1]
        self.api_key = API_KEY

    def command(self, line: str) -> str:
        """Send one command and return the answer line."""
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()
        return self._process.stdout.readline().strip()

    def close(self) -> None:
        """Stop the gateway process."""
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def __enter__(self) -> GatewayProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


if __name__ == "__main__":
    raise SystemExit(serve())
