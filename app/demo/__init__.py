"""The local gateway double: a stdlib HTTP server speaking the gateway protocol, for tests and ``--demo``.

Start with `app.demo.server.GatewayDouble`; scenarios are listed in `app.demo.scenarios.SCENARIOS`
and the scripted chat's prompt commands in `app.demo.script`.
"""
