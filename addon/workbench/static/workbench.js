// The workbench page: open an invite in both hosts, play Gmail (post the event objects Gmail
// would, with the development key's tokens, to Raincheck's real endpoints, and draw the cards it
// answers), and list the drafts either host would have created.
import { formInputs, renderCard } from "./gmail-card.js";

const form = document.getElementById("open");
const sampleSelect = form.elements.sample;
const userInput = form.elements.user;
const clientsForm = document.getElementById("clients");
const gmailCard = document.getElementById("gmail-card");
const gmailNote = document.getElementById("gmail-note");
const pane = document.getElementById("outlook-pane");
const draftList = document.getElementById("drafts");
let opened = null; // what /workbench/api/open answered, with the user and language

function note(text) {
  gmailNote.textContent = text || "";
  gmailNote.hidden = !text;
  // A confirmation is useless where the user is not looking: bring it into view.
  if (text) gmailNote.scrollIntoView({ block: "nearest" });
}

function eventObject(parameters, inputs) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const common = {
    hostApp: "GMAIL",
    platform: "WEB",
    userLocale: opened.locale,
    timeZone: { id: zone, offset: -new Date().getTimezoneOffset() * 60000 },
  };
  if (parameters) common.parameters = parameters;
  if (inputs) common.formInputs = inputs;
  return {
    commonEventObject: common,
    authorizationEventObject: {
      userOAuthToken: "workbench-user-oauth-token",
      userIdToken: opened.userIdToken,
      systemIdToken: "",
    },
    gmail: {
      messageId: opened.messageId,
      threadId: opened.threadId,
      accessToken: "workbench-message-token",
    },
  };
}

async function gmail(path, parameters, inputs) {
  gmailCard.setAttribute("aria-busy", "true");
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${opened.systemTokens[path]}`,
      },
      body: JSON.stringify(eventObject(parameters, inputs)),
    });
    const answer = await response.json();
    if (!response.ok) {
      note(answer.error || `Gmail's request failed (${response.status})`);
      return;
    }
    show(answer);
  } finally {
    gmailCard.setAttribute("aria-busy", "false");
  }
}

// Gmail's answer: a card to show, a notification, a link, a draft to open.
function show(answer) {
  const render = answer.renderActions || answer;
  const action = render.action || {};
  const navigation = (action.navigations || []).at(-1);
  const card = navigation && (navigation.pushCard || navigation.updateCard);
  if (card) renderCard(card, gmailCard, act);
  note((action.notification && action.notification.text) || "");
  if (action.link) note(`${gmailNote.textContent} ${action.link.url}`);
  const gmailAction = (render.hostAppAction || {}).gmailAction || {};
  if (gmailAction.openCreatedDraftActionMarkup) refreshDrafts();
}

function act(action) {
  const parameters = {};
  for (const p of action.parameters || []) parameters[p.key] = p.value;
  gmail(new URL(action.function).pathname, parameters, formInputs(gmailCard));
}

async function refreshDrafts() {
  const drafts = await (await fetch("/workbench/api/drafts")).json();
  draftList.replaceChildren();
  for (const draft of drafts) {
    const item = document.createElement("li");
    item.className = "wb-draft";
    item.dataset.host = draft.host;
    const head = document.createElement("div");
    head.className = "wb-draft-head";
    head.textContent = `${draft.host} · To ${draft.to} · ${draft.subject}`;
    if (draft.calendar) {
      const badge = document.createElement("span");
      badge.className = "wb-badge";
      badge.textContent = `calendar: ${draft.calendar}`;
      head.append(" ", badge);
    }
    const text = document.createElement("pre");
    text.className = "wb-draft-text";
    text.textContent = draft.text;
    const link = document.createElement("a");
    link.href = `/workbench/drafts/${encodeURIComponent(draft.id)}.eml`;
    link.textContent = "Download .eml";
    link.download = `${draft.id}.eml`;
    item.append(head, text, link);
    draftList.append(item);
  }
  draftList.dataset.count = String(drafts.length);
}

async function open(event) {
  if (event) event.preventDefault();
  const data = new FormData(form);
  if (!form.elements.file.files.length) data.delete("file");
  const response = await fetch("/workbench/api/open", { method: "POST", body: data });
  const answer = await response.json();
  if (!response.ok) {
    note(answer.error);
    return;
  }
  const pinned = data.get("pinned") && opened && opened.user === data.get("user")
    && pane.contentWindow && pane.src.includes("/outlook/taskpane");
  opened = { ...answer, user: data.get("user") };
  if (pinned) {
    // A pinned pane stays; Outlook selects the next item in it (ItemChanged).
    pane.contentWindow.postMessage(
      { type: "raincheck-select", message: answer.messageId }, window.location.origin,
    );
  } else {
    pane.src = answer.pane;
  }
  await gmail("/gmail/message");
}

async function loadClients(event) {
  event.preventDefault();
  const data = new FormData(clientsForm);
  data.set("user", userInput.value);
  const response = await fetch("/workbench/api/clients", { method: "POST", body: data });
  const answer = await response.json();
  note(response.ok ? [answer.note, ...answer.warnings].join(" ") : answer.error);
  if (response.ok && opened) await open(); // the open invite again, with the new directory
}

clientsForm.addEventListener("submit", loadClients);
sampleSelect.addEventListener("change", () => {
  const me = sampleSelect.selectedOptions[0].dataset.me;
  if (me) userInput.value = me;
  form.elements.file.value = "";
});
form.addEventListener("submit", open);
window.addEventListener("message", (event) => {
  if (event.origin === window.location.origin && event.data && event.data.type === "raincheck-draft") {
    refreshDrafts();
  }
});
refreshDrafts();
