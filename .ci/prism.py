#!/usr/bin/env python3
"""Spec fidelity checked by Stoplight Prism, which knows only the spec.

Run by .ci/prism.sh (with target/ci-venv's python: PyYAML and
openapi-schema-validator come with the pinned CI tools). Three phases:

1. `prism mock` (static examples, then --dynamic): the `postpress` CLI runs
   every action against it and each must succeed (exit 0).
2. `prism proxy --errors` in front of a postpress-mock instance (B), with a
   second instance (A) addressed directly: every action on every demo chat,
   then every fault kind, sent through the CLI to both. The outcomes (ok,
   status, type, error, exit code, invite link) must match. Prism answers
   with a VIOLATIONS error when the mock's response breaks the spec, so a
   violation shows up as a mismatch. Both instances get the same requests in
   the same order, so their state stays in step (compared at the end).
   Exceptions: Prism re-mocks every upstream 501, so 501 outcomes are not
   compared through it; each 501 is replayed to A and the raw response is
   validated against the spec here instead. A dropped connection becomes
   Prism's own 500 FetchError. A Retry-After the spec forbids must be
   reported as a violation (the negative control: proves Prism validates).
3. The actions the CLI sent are exactly the actions the spec declares.

The action list comes from `postpress chat --help`; an action whose help
shows `<true|false>` is sent `true`, one that shows `<VALUE>` a provider id,
and one that shows neither (`get-invite-link`, `= set-read-status true`)
nothing.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import yaml
from openapi_schema_validator import OAS30Validator

API_KEY = "ci-key"
VALUE = "447700900123@s.whatsapp.net"  # a provider id, also a valid label
PRISM_CHAT = "9f9uio56sopa456s"
COMPARED = ("ok", "status", "type", "error", "exit_code", "invite_link")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
procs = []  # every server started, stopped at the end


class Failures(list):
    def add(self, what):
        self.append(what)
        print(f"FAIL {what}", flush=True)


def start(cmd, log_path, pattern, timeout=60):
    """Starts a server, waits for the URL it prints, returns (process, url)."""
    log = open(log_path, "w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    procs.append(proc)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(log_path, errors="replace") as f:
            m = re.search(pattern, ANSI.sub("", f.read()))
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    with open(log_path, errors="replace") as f:
        sys.exit(f"{' '.join(cmd)} did not start:\n{f.read()[-4000:]}")


def cli_actions(cli):
    """[(name, value or None)] from `postpress chat --help`."""
    out = subprocess.run([cli, "chat", "--help"], capture_output=True, text=True, check=True).stdout
    block = out.split("Possible values:", 1)[1]
    actions = []
    for line in block.splitlines()[1:]:
        m = re.match(r"\s+- ([a-z-]+):\s+(.*)", line)
        if not m:
            break
        help_ = m.group(2)
        value = None
        if "<true|false>" in help_:
            value = "true"
        elif "<VALUE>" in help_:
            value = VALUE
        actions.append((m.group(1), value))
    if len(actions) < 2:
        sys.exit(f"could not read the actions from `postpress chat --help`:\n{out}")
    return actions


def run_cli(cli, base_url, chat, action, value):
    args = [cli, "--json", "--base-url", base_url, "--api-key", API_KEY, "chat", chat, action]
    if value is not None:
        args.append(value)
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSTPRESS_")}
    p = subprocess.run(args, capture_output=True, text=True, env=env, timeout=60)
    try:
        out = json.loads(p.stdout)
    except ValueError:
        out = {"ok": False, "error": f"no JSON on stdout: {p.stdout!r} {p.stderr!r}"}
    out["exit_code"] = p.returncode
    return out


def http(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        req.add_header("content-type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def brief(o):
    return {k: o.get(k) for k in COMPARED}


class Spec:
    def __init__(self, path):
        with open(path) as f:
            self.doc = yaml.safe_load(f)
        self.op = self.doc["paths"]["/api/v1/chats/{chat_id}"]["patch"]

    def deref(self, node):
        while isinstance(node, dict) and "$ref" in node:
            target = self.doc
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def actions(self):
        """{wire action name: the JSON type of its `value`, or None}."""
        schema = self.deref(self.doc["components"]["schemas"]["ChatActionRequest"])
        out = {}
        for branch in map(self.deref, schema["oneOf"]):
            value = branch["properties"].get("value")
            for action in branch["properties"]["action"]["enum"]:
                out[action] = value and self.deref(value)["type"]
        return out

    def request_body(self, action):
        """A valid body for `action` (for replays: the value is irrelevant to a 501)."""
        kind = self.actions()[action]
        body = {"action": action}
        if kind:
            body["value"] = {"boolean": True, "string": VALUE}[kind]
        return body

    def error_types(self):
        """[(type, status)] of every documented error type."""
        out = []
        for code, resp in self.op["responses"].items():
            if str(code).isdigit() and int(code) >= 400:
                for t in self.deref(resp).get("x-error-types", []):
                    out.append((t["type"], int(code)))
        return out

    def check_response(self, status, headers, body):
        """Problems with a raw response, judged by the spec alone."""
        responses = self.op["responses"]
        resp = self.deref(responses.get(str(status), responses.get(status, responses.get("default"))))
        problems = []
        headers = {k.lower(): v for k, v in headers.items()}
        for name, h in (resp.get("headers") or {}).items():
            h = self.deref(h)
            value = headers.get(name.lower())
            if value is None:
                if h.get("required"):
                    problems.append(f"header {name} missing")
                continue
            for err in self.validator(h["schema"]).iter_errors(value):
                problems.append(f"header {name}: {err.message}")
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        media = (resp.get("content") or {}).get(ctype)
        if media is None:
            return problems + [f"content type {ctype!r} not declared for {status}"]
        value = json.loads(body) if ctype.endswith("json") else body.decode()
        for err in self.validator(media["schema"]).iter_errors(value):
            problems.append(f"body: {err.message}")
        types = [t["type"] for t in resp.get("x-error-types", [])]
        if types and isinstance(value, dict) and value.get("type") not in types:
            problems.append(f"type {value.get('type')!r} is not documented for {status}")
        return problems

    def validator(self, schema):
        return OAS30Validator({**schema, "components": self.doc["components"]})


def prism_mock_phase(prism, spec_path, cli, actions, dynamic, seed, repeats, logdir, failures):
    mode = "dynamic" if dynamic else "static"
    cmd = [prism, "mock", "--errors", "-p", "0", spec_path]
    if dynamic:
        cmd += ["--dynamic", "--seed", seed]
    proc, url = start(cmd, f"{logdir}/prism-mock-{mode}.log", r"Prism is listening on (http://\S+)")
    calls, wire = 0, set()
    for _ in range(repeats):
        for name, value in actions:
            out = run_cli(cli, url, PRISM_CHAT, name, value)
            calls += 1
            wire.add(out.get("action"))
            if out["exit_code"] != 0 or not out.get("ok"):
                failures.add(f"prism mock ({mode}): {name}: {out}")
            elif name == "invite-link" and not out.get("invite_link"):
                failures.add(f"prism mock ({mode}): {name}: no invite link: {out}")
    proc.terminate()
    proc.wait(timeout=10)
    print(f"prism mock ({mode}): {calls} CLI calls, every action exit 0 unless reported above", flush=True)
    return calls, wire


def proxy_phase(prism, spec_path, cli, mock_bin, spec, actions, logdir, failures):
    mock_cmd = [mock_bin, "--port", "0", "--api-key", API_KEY, "--seed", "demo"]
    listening = r"postpress-mock listening on (http://\S+)"
    _, a = start(mock_cmd, f"{logdir}/mock-direct.log", listening)
    _, b = start(mock_cmd, f"{logdir}/mock-behind-prism.log", listening)
    prism_proc, p = start(
        [prism, "proxy", "--errors", "-p", "0", spec_path, b],
        f"{logdir}/prism-proxy.log",
        r"Prism is listening on (http://\S+)",
    )
    chats = [c["id"] for c in json.loads(http("GET", f"{a}/__mock/chats")[2])]
    if "wa-group-1" not in chats:  # faults go to the chat that supports every action
        sys.exit(f"the demo seed has no wa-group-1: {chats}")
    faults = []
    for type_, _status in spec.error_types():
        faults.append({"kind": "error", "type": type_})
    faults += [
        {"kind": "error", "type": "errors/no_channel", "retry_after": "2"},
        {"kind": "error", "type": "errors/provider_error", "retry_after": "Wed, 21 Oct 2026 07:28:00 GMT"},
        {"kind": "error", "type": "errors/too_many_requests", "status": 429, "retry_after": "1"},
        {"kind": "error", "type": "errors/payload_too_large", "status": 413},
        {"kind": "error", "type": "errors/not_yet_documented"},
    ]
    per_action = [
        {"kind": "rate_limited", "retry_after": 1},
        {"kind": "unavailable", "retry_after": 1},
        {"kind": "gateway_timeout"},
        {"kind": "latency", "ms": 20},
        {"kind": "html_502"},
        {"kind": "drop_connection"},
    ]
    plan = []
    for chat in chats:
        for act in actions:
            plan.append((chat, act, None))
    for i, fault in enumerate(faults):  # one action each, in turn
        plan.append(("wa-group-1", actions[i % len(actions)], fault))
    for fault in per_action:
        for act in actions:
            plan.append(("wa-group-1", act, fault))
    # The negative control: a Retry-After the spec's pattern forbids.
    control = {"kind": "error", "type": "errors/provider_error", "retry_after": "soon"}
    plan.append(("wa-group-1", actions[0], control))

    compared = compared_ok = skipped_501 = validated_501 = dropped = 0
    kinds = set()
    for chat, (name, value), fault in plan:
        if fault:
            kinds.add(fault["kind"])
            for m in (a, b):
                status, _, body = http("POST", f"{m}/__mock/faults", {**fault, "times": 1})
                if status != 201:
                    sys.exit(f"could not inject {fault} into {m}: {status} {body!r}")
        direct = run_cli(cli, a, chat, name, value)
        proxied = run_cli(cli, p, chat, name, value)
        if fault:
            for m in (a, b):
                http("DELETE", f"{m}/__mock/faults")
        what = f"{chat} {name}" + (f" with {json.dumps(fault)}" if fault else "")
        if fault is control:
            if direct.get("status") != 500 or "VIOLATIONS" not in str(proxied.get("type")):
                failures.add(f"negative control: Prism did not flag Retry-After: soon ({what}): "
                             f"direct {brief(direct)}, through Prism {brief(proxied)}")
            continue
        if direct.get("status") == 501:
            # Prism re-mocks upstream 501s: replay the request to A (a 501
            # changes no state) and validate the raw answer against the spec.
            skipped_501 += 1
            if fault:
                http("POST", f"{a}/__mock/faults", {**fault, "times": 1})
            status, headers, raw = http("PATCH", f"{a}/api/v1/chats/{chat}",
                                        spec.request_body(direct["action"]), {"X-API-KEY": API_KEY})
            if fault:
                http("DELETE", f"{a}/__mock/faults")
            problems = spec.check_response(status, headers, raw) if status == 501 else [f"replayed: {status}"]
            if problems:
                failures.add(f"501 from the mock for {what} breaks the spec: {problems}")
            else:
                validated_501 += 1
            continue
        if fault and fault["kind"] == "drop_connection":
            # Direct: the connection drops. Through Prism: its own 500.
            dropped += 1
            if direct["exit_code"] != 7 or direct.get("error") != "Transport" or \
                    proxied.get("status") != 500 or proxied.get("type") != "FetchError":
                failures.add(f"{what}: direct {brief(direct)}, through Prism {brief(proxied)}")
            continue
        compared += 1
        compared_ok += bool(direct.get("ok"))
        if brief(direct) != brief(proxied):
            failures.add(f"{what}: direct {brief(direct)} != through Prism {brief(proxied)}")

    state_a = json.loads(http("GET", f"{a}/__mock/chats")[2])
    state_b = json.loads(http("GET", f"{b}/__mock/chats")[2])
    if state_a != state_b:
        failures.add(f"the two mocks' chats differ after the run:\n  direct {state_a}\n  behind Prism {state_b}")
    prism_proc.terminate()
    prism_proc.wait(timeout=10)
    print(
        f"prism proxy --errors: {len(plan)} cases over {len(chats)} chats and {len(kinds)} fault kinds: "
        f"{compared} outcomes compared ({compared_ok} successes, {compared - compared_ok} errors), "
        f"{skipped_501} 501s validated here instead ({validated_501} valid), "
        f"{dropped} dropped connections, 1 negative control; {2 * len(plan)} CLI calls",
        flush=True,
    )
    return 2 * len(plan)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prism", required=True)
    ap.add_argument("--bin-dir", required=True, help="where postpress and postpress-mock are")
    ap.add_argument("--spec", default="openapi/postpress.yaml")
    ap.add_argument("--seed", default=os.environ.get("PRISM_SEED", "postpress"))
    ap.add_argument("--dynamic-repeats", type=int, default=5)
    args = ap.parse_args()
    cli = os.path.join(args.bin_dir, "postpress")
    mock_bin = os.path.join(args.bin_dir, "postpress-mock")
    spec = Spec(args.spec)
    actions = cli_actions(cli)
    failures = Failures()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="postpress-prism-") as logdir:
        try:
            n_static, wire = prism_mock_phase(args.prism, args.spec, cli, actions, False, args.seed, 1, logdir, failures)
            n_dynamic, _ = prism_mock_phase(args.prism, args.spec, cli, actions, True, args.seed,
                                            args.dynamic_repeats, logdir, failures)
            n_proxy = proxy_phase(args.prism, args.spec, cli, mock_bin, spec, actions, logdir, failures)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if failures:
            for name in sorted(n for n in os.listdir(logdir) if n.startswith("prism")):
                print(f"--- tail of {name}")
                with open(os.path.join(logdir, name), errors="replace") as f:
                    print("".join(f.readlines()[-15:]), end="")
    if wire != set(spec.actions()):
        failures.add(f"the CLI's actions {sorted(map(str, wire))} are not the spec's {sorted(spec.actions())}")
    print(f"prism: {n_static + n_dynamic + n_proxy} CLI calls in {time.monotonic() - started:.1f}s; "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
