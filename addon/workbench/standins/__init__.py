"""Stand-ins for the services Raincheck calls, each described once: Google (ID token
certificates, the Gmail API, the Calendar API), Microsoft (signing keys, the identity
platform's token endpoint, Microsoft Graph) and Office.js as the Outlook pane sees it.

The workbench serves them in process (``addon.workbench.transport``); the tests serve the same
ones on a loopback socket. They answer as the real services document, keep what they serve in
memory, record what they were asked and can be made to fail. Never in production: they live
with the workbench, which the production wheel leaves out.
May import ``addon.invite`` (to show an invite as a host would) and Flask; nothing of the app.
"""
