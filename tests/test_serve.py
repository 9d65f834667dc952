"""``newsview serve`` in a real headless Chromium: the page shows the article and a key reaches the app.

Chromium is driven through the DevTools protocol (aiohttp's WebSocket client, which
textual-serve brings). The page draws the terminal on a canvas, so the text is read where the
page receives it: a script added before the page's own wraps WebSocket and keeps what
arrives, which is what the terminal draws.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import SEED, run_async

pytest.importorskip("textual_serve", reason="newsview[serve] is not installed")
aiohttp = pytest.importorskip("aiohttp", reason="newsview[serve] is not installed")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (.ci/run installs Debian's chromium when it can)"
)

RECORD_WEBSOCKET = """
(() => {
  const Native = window.WebSocket, decoder = new TextDecoder();
  window.__received = "";
  const keep = (data) => { window.__received += typeof data === "string" ? data : decoder.decode(data); };
  window.WebSocket = function (url, protocols) {
    const socket = protocols === undefined ? new Native(url) : new Native(url, protocols);
    socket.addEventListener("message", (event) => {
      if (event.data instanceof Blob) event.data.arrayBuffer().then(keep); else keep(event.data);
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
})();
"""
_ESCAPES = re.compile(r"\x1b(?:\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def server() -> Iterator[str]:
    """``newsview serve`` on a free loopback port with the seed article; its address."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--port", str(port), str(SEED)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # the apps it starts are stopped with it
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", time.monotonic() + 60)
        yield f"http://127.0.0.1:{port}/"
    finally:
        _stop(process)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[str]:
    """A headless Chromium with an empty profile; the DevTools address of its page."""
    profile = tmp_path / "profile"
    profile.mkdir()
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "--window-size=1280,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        active = profile / "DevToolsActivePort"
        while not active.exists() or not active.read_text().strip():
            assert process.poll() is None, "chromium exited at start"
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            time.sleep(0.1)
        port = active.read_text().split()[0]
        _wait_for(f"http://127.0.0.1:{port}/json/version", deadline)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as response:
            pages = [t for t in json.load(response) if t["type"] == "page"]
        yield pages[0]["webSocketDebuggerUrl"]
    finally:
        _stop(process)


class DevTools:
    def __init__(self, socket) -> None:
        self.socket = socket
        self.next_id = 0

    async def call(self, method: str, **params) -> dict:
        self.next_id += 1
        await self.socket.send_json({"id": self.next_id, "method": method, "params": params})
        while True:
            message = await self.socket.receive_json()
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message["result"]

    async def evaluate(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    async def screen_text(self) -> str:
        return _ESCAPES.sub("", await self.evaluate("window.__received") or "")

    async def until_shown(self, words: tuple[str, ...], timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = await self.screen_text()
            if all(word in text for word in words):
                return text
            assert time.monotonic() < deadline, f"the page never showed {words}; it got {text[-500:]!r}"
            await asyncio.sleep(0.25)


@run_async
async def test_the_browser_shows_the_article_and_keys_reach_the_app(server: str, chromium: str) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(chromium, max_msg_size=0) as socket:
        devtools = DevTools(socket)
        await devtools.call("Page.enable")
        await devtools.call("Page.addScriptToEvaluateOnNewDocument", source=RECORD_WEBSOCKET)
        await devtools.call("Page.navigate", url=server)
        # The seed article's names, drawn by the app the server started for this page.
        before = await devtools.until_shown(("Khatib", "Lavrov", "Munich"))
        assert await devtools.evaluate("document.querySelector('.xterm') !== null")
        assert "newsview help" not in before
        # A key typed in the page reaches the app: ? opens its help screen. (The terminal
        # takes keys through its hidden text area, focused as a click would.)
        await devtools.evaluate("document.querySelector('.xterm-helper-textarea').focus()")
        await devtools.call("Input.insertText", text="?")
        await devtools.until_shown(("newsview help", "Quit newsview"))
