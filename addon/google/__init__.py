"""Google Workspace: event objects, request verification, the Gmail and Calendar APIs, and
the add-on's actions (what each trigger and card button does in Gmail and Calendar)."""
