// The workbench page: open an invite in both hosts, play Gmail or Google Calendar (post the event
// objects they would, with the development key's tokens, to Raincheck's real endpoints, and draw
// the cards it answers), and list the drafts either host would have created.
import { formInputs, renderCard } from "./gmail-card.js";

const form = document.getElementById("open");
const sampleSelect = form.elements.sample;
const userInput = form.elements.user;
const clientsForm = document.getElementById("clients");
const gmailCard = document.getElementById("gmail-card");
const gmailNote = document.getElementById("gmail-note");
const linkBox = document.getElementById("gmail-link");
const googleHeading = document.getElementById("google-host");
const where = document.getElementById("where");
const pane = document.getElementById("outlook-pane");
const draftList = document.getElementById("drafts");
const organizer = document.getElementById("organizer");
let opened = null; // what /workbench/api/open answered, with the user and language
let shownIn = "gmail"; // the host the left card was opened in: its actions go back there
const HOSTS = {
  gmail: { name: "Gmail", trigger: "/gmail/message" },
  calendar: { name: "Google Calendar", trigger: "/calendar/event" },
};

function note(text) {
  gmailNote.textContent = text || "";
  gmailNote.hidden = !text;
  // A confirmation is useless where the user is not looking: bring it into view.
  if (text) gmailNote.scrollIntoView({ block: "nearest" });
}

// The host the user chose for the left panel.
function chosenHost() {
  return where.elements.host.value;
}

function eventObject(parameters, inputs) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const common = {
    hostApp: shownIn.toUpperCase(),
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
    ...hostPart(),
  };
}

// What the host adds about the open item: Gmail the message and its per-message token;
// Calendar only the event's ids (the deployment's currentEventAccess is METADATA, computed
// server-side), on every action too, as Google sends it while the event is open.
function hostPart() {
  if (shownIn === "calendar") return { calendar: opened.calendar.event };
  return {
    gmail: {
      messageId: opened.messageId,
      threadId: opened.threadId,
      accessToken: "workbench-message-token",
    },
  };
}

async function google(path, parameters, inputs) {
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
      note(answer.error || `${HOSTS[shownIn].name}'s request failed (${response.status})`);
      return;
    }
    show(answer);
  } finally {
    gmailCard.setAttribute("aria-busy", "false");
  }
}

// The host's answer: a card to show, a notification, a link, a draft to open.
function show(answer) {
  const render = answer.renderActions || answer;
  const action = render.action || {};
  const navigation = (action.navigations || []).at(-1);
  const card = navigation && (navigation.pushCard || navigation.updateCard);
  if (card) renderCard(card, gmailCard, act);
  note((action.notification && action.notification.text) || "");
  showLink(action.link && action.link.url);
  const gmailAction = (render.hostAppAction || {}).gmailAction || {};
  if (gmailAction.openCreatedDraftActionMarkup) refreshDrafts();
}

// A link the host would open in a new tab. From Calendar a reply opens in Gmail's compose
// window, which the workbench cannot be: it shows what that window would hold instead.
function showLink(url) {
  linkBox.replaceChildren();
  linkBox.hidden = !url;
  if (!url) return;
  const link = new URL(url);
  const compose = link.origin === "https://mail.google.com" && link.searchParams.get("view") === "cm";
  const head = document.createElement("div");
  head.className = "wb-draft-head";
  head.textContent = compose
    ? `${HOSTS[shownIn].name} would open Gmail's compose window (nothing is sent)`
    : `${HOSTS[shownIn].name} would open ${url}`;
  linkBox.append(head);
  if (compose) {
    const text = document.createElement("pre");
    text.className = "wb-draft-text";
    const q = (name) => link.searchParams.get(name) || "";
    text.textContent = `To: ${q("to")}\nSubject: ${q("su")}\n\n${q("body")}`;
    linkBox.append(text);
  }
  linkBox.scrollIntoView({ block: "nearest" });
}

function act(action) {
  const parameters = {};
  for (const p of action.parameters || []) parameters[p.key] = p.value;
  google(new URL(action.function).pathname, parameters, formInputs(gmailCard));
}

// Open the invite in the chosen host, as its trigger does: Gmail's contextual trigger for the
// message, or Calendar's eventOpenTrigger for the event the open API put in the calendar.
async function openIn(host) {
  shownIn = host;
  googleHeading.textContent = HOSTS[host].name;
  showLink(null);
  if (host === "calendar" && !opened.calendar) {
    note(opened.calendarError);
    gmailCard.replaceChildren();
    return;
  }
  await google(HOSTS[host].trigger);
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
  // Floating times (an invite without a zone) as the user's calendar places them: here.
  data.set("zone", Intl.DateTimeFormat().resolvedOptions().timeZone);
  const response = await fetch("/workbench/api/open", { method: "POST", body: data });
  const answer = await response.json();
  if (!response.ok) {
    note(answer.error);
    return;
  }
  const pinned = data.get("pinned") && opened && opened.user === data.get("user")
    && pane.contentWindow && pane.src.includes("/outlook/taskpane");
  opened = { ...answer, user: data.get("user") };
  organizer.hidden = false;
  if (pinned) {
    // A pinned pane stays; Outlook selects the next item in it (ItemChanged).
    pane.contentWindow.postMessage(
      { type: "raincheck-select", message: answer.messageId }, window.location.origin,
    );
  } else {
    pane.src = answer.pane;
  }
  await openIn(chosenHost());
}

async function loadClients(event) {
  event.preventDefault();
  const data = new FormData(clientsForm);
  data.set("user", userInput.value);
  const response = await fetch("/workbench/api/clients", { method: "POST", body: data });
  const answer = await response.json();
  const told = response.ok ? [answer.note, ...answer.warnings].join(" ") : answer.error;
  note(told);
  if (response.ok && opened) {
    await open(); // the open invite again, with the new directory
    // Drawing the card again clears the note: the confirmation stays unless the card itself
    // had something to say.
    if (gmailNote.hidden) note(told);
  }
}

// The organizer answers the user's proposal for the invite opened last (not for an answer):
// the answer lands in the mailbox and opens in both hosts, as the next email would. The
// homepage then shows it in the figures.
async function organizerAnswers(event) {
  const button = event.target.closest("button[data-answer]");
  if (!button || !opened) return;
  if (button.dataset.answer === "home") {
    await google(`/${shownIn}/home`);
    return;
  }
  const data = new FormData();
  data.set("answer", button.dataset.answer);
  data.set("message", opened.invite || opened.messageId);
  data.set("user", opened.user);
  data.set("name", form.elements.name.value);
  data.set("lang", form.elements.lang.value);
  data.set("zone", Intl.DateTimeFormat().resolvedOptions().timeZone);
  const response = await fetch("/workbench/api/answer", { method: "POST", body: data });
  const answer = await response.json();
  if (!response.ok) {
    note(answer.error);
    return;
  }
  opened = { ...answer, user: opened.user, invite: opened.invite || opened.messageId };
  pane.src = answer.pane;
  await openIn(chosenHost());
}

organizer.addEventListener("click", organizerAnswers);
clientsForm.addEventListener("submit", loadClients);
sampleSelect.addEventListener("change", () => {
  const me = sampleSelect.selectedOptions[0].dataset.me;
  if (me) userInput.value = me;
  form.elements.file.value = "";
});
form.addEventListener("submit", open);
where.addEventListener("change", () => {
  googleHeading.textContent = HOSTS[chosenHost()].name;
  if (opened) openIn(chosenHost()); // the same invite, now in the other host
});
window.addEventListener("message", (event) => {
  if (event.origin === window.location.origin && event.data && event.data.type === "raincheck-draft") {
    refreshDrafts();
  }
});
refreshDrafts();
