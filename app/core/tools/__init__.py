"""Function calling with MCP (Model Context Protocol) servers.

``servers`` describes servers and reads or writes the ``mcpServers`` JSON other clients use; ``declarations``
turns MCP tools into Gemini ``functionDeclarations``; ``results`` turns tool results into ``functionResponse``
parts; ``approvals`` is the approval policy; ``host`` runs the sessions (importing the ``mcp`` SDK, lazily: it
is never imported at start-up). docs/TOOLS.md says how they fit together.
"""
