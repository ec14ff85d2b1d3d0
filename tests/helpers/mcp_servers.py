"""MCP servers for tests, written with the SDK's server API, and how to start them.

``python tests/helpers/mcp_servers.py stdio`` serves :func:`build_server`'s tools over stdio;
``python tests/helpers/mcp_servers.py http PORT`` over streamable HTTP on 127.0.0.1. :func:`stdio_config`
and :func:`http_server` build the configurations the app uses to reach them.
"""

import asyncio
import base64
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
ROOT = HERE.parents[2]

# A 1x1 red PNG.
PNG_1PX = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a5e2cf1e0000000049454e44ae426082"
    )
).decode()


def build_server(name: str = "testsrv") -> Any:
    """An ``MCPServer`` with tools that answer, fail, crash, hang, flood and draw."""
    from mcp.server.mcpserver import Context, MCPServer
    from mcp.server.mcpserver.utilities.types import Image

    server = MCPServer(name)

    @server.tool(description="Echo the text back.")
    def echo(text: str) -> str:
        return f"echo: {text}"

    @server.tool(description="Add two numbers.")
    def add(a: float, b: float) -> float:
        return a + b

    @server.tool(description="Always fails.")
    def fail(reason: str) -> str:
        raise ValueError(f"failed on purpose: {reason}")

    @server.tool(description="Exits the server process in the middle of the call.")
    def crash() -> str:
        sys.stderr.write("about to crash: mid-call exit\n")
        sys.stderr.flush()
        os._exit(3)

    @server.tool(description="Never answers.")
    def hang() -> str:
        time.sleep(3600)
        return "late"

    @server.tool(description="A very long text.")
    def huge(size: int) -> str:
        return "x" * size

    @server.tool(description="A tiny PNG image.")
    def image() -> Image:
        return Image(data=base64.b64decode(PNG_1PX), format="png")

    @server.tool(description="Writes this many bytes of numbered lines to stderr.")
    def shout(size: int) -> str:
        line = 0
        written = 0
        while written < size:
            text = f"line {line:08d} of noise on stderr\n"
            sys.stderr.write(text)
            written += len(text)
            line += 1
        sys.stderr.write("the last words\n")
        sys.stderr.flush()
        return f"{line} lines"

    @server.tool(description="The server's command-line arguments.")
    def argv() -> str:
        return " ".join(sys.argv[1:])

    @server.tool(description="The server's process id.")
    def pid() -> int:
        return os.getpid()

    @server.tool(description="Reports progress steps with a message, then answers.")
    async def steps(count: int, ctx: Context) -> str:
        for step in range(1, count + 1):
            await ctx.report_progress(step, count, f"step {step}")
            await asyncio.sleep(0.3)
        return "done"

    @server.tool(description="Reports whether an environment variable is set.")
    def env(name: str) -> str:
        return os.environ.get(name, "<unset>")

    return server


def add_hostile_tools(server: Any, many: int, huge: int) -> None:
    """``many`` more tools (``many_0000``…), and ``huge_schema``, whose schema is over ``huge`` bytes."""
    from typing import Annotated

    from pydantic import Field

    for index in range(many):
        server.add_tool(lambda: "ok", name=f"many_{index:04d}", description=f"Tool number {index}.")
    if huge:

        def huge_schema(text: Annotated[str, Field(description="y" * huge)]) -> str:
            return text

        server.add_tool(huge_schema, name="huge_schema", description="A tool with a huge schema.")


def stdio_command(*extra: str) -> tuple[str, tuple[str, ...]]:
    """The command and arguments starting the stdio test server."""
    return sys.executable, (str(HERE), "stdio", *extra)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def http_server() -> "Iterator[str]":
    """Run the test server over streamable HTTP on 127.0.0.1; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(HERE), "http", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError("the HTTP test server exited") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(10)


def main(argv: list[str]) -> None:
    server = build_server()
    for option in argv:  # --many=N, --huge-schema=BYTES: a hostile server's list of tools
        if option.startswith("--slow-start="):  # a server that takes its time before it answers
            time.sleep(float(option.split("=")[1]))
        elif option.startswith("--many="):
            add_hostile_tools(server, int(option.split("=")[1]), 0)
        elif option.startswith("--huge-schema="):
            add_hostile_tools(server, 0, int(option.split("=")[1]))
    if argv[0] == "stdio":
        if "--fail-start" in argv:
            sys.stderr.write("cannot open the database: permission denied\n")
            sys.exit(2)
        if "--stubborn" in argv:  # ignores SIGTERM, and outlives its stdin
            import signal

            signal.signal(signal.SIGTERM, signal.SIG_IGN)
        server.run("stdio")
        if "--stubborn" in argv:
            time.sleep(3600)
    else:
        import anyio

        anyio.run(lambda: server.run_streamable_http_async(host="127.0.0.1", port=int(argv[1])))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1:])
