// Raincheck's Outlook task pane: read the open item with Office.js, send it to Raincheck with a
// Microsoft access token, show the card that comes back, and run the steps it asks for (open a
// reply, open a new message, insert into the email being written). Nothing is ever sent: every
// step opens a form the user sends.

const pane = document.getElementById("pane");
const statusLine = document.getElementById("status");
const notice = document.getElementById("note");
const cardHolder = document.getElementById("card");
const outside = document.getElementById("outside");
const allTexts = JSON.parse(pane.dataset.texts);
// The page's guess (the browser's language) until Office.js says what the user chose in Outlook.
let lang = pane.dataset.lang;
let texts = allTexts[lang];

function useOutlooksLanguage() {
  // Office.context.displayLanguage is the language the user set in Outlook ("sv-SE").
  const tag = (Office.context && Office.context.displayLanguage) || "";
  const primary = tag.split("-")[0].toLowerCase();
  if (allTexts[primary]) {
    lang = primary;
    texts = allTexts[primary];
    document.documentElement.lang = primary;
  }
  outside.querySelector(".rc-paragraph").textContent = texts.outside;
}

let context = null; // the mailbox, the mode and the item, sent with every request
// Which item the pane shows; a pinned pane that moves to another item counts up, and an answer
// for an earlier item is dropped rather than acted on the one now open.
let generation = 0;
let lastAction = { name: "open", params: {} };
let lastForm = {};

// Office.js calls back with an AsyncResult; this turns one call into a promise.
function officeCall(start) {
  return new Promise((resolve, reject) => {
    start((result) => {
      if (result.status === "succeeded") resolve(result.value);
      else reject(result.error || new Error("Office call failed"));
    });
  });
}

function person(details) {
  if (!details || !details.emailAddress) return null;
  return { emailAddress: details.emailAddress, displayName: details.displayName || "" };
}

function people(list) {
  return Array.isArray(list) ? list.map(person).filter(Boolean) : [];
}

function iso(value) {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : null;
}

function restIdOf(mailbox, itemId) {
  // Microsoft Graph names the item by its REST id (Mailbox 1.3; not on every client).
  try {
    return itemId && supports("Mailbox", "1.3")
      ? mailbox.convertToRestId(itemId, Office.MailboxEnums.RestVersion.v2_0)
      : "";
  } catch (error) {
    return "";
  }
}

function isCompose(item) {
  // In compose mode the item's fields are objects with getAsync, not values.
  return typeof item.body.setSelectedDataAsync === "function" && typeof item.subject === "object";
}

async function readContext() {
  const mailbox = Office.context.mailbox;
  const profile = mailbox.userProfile;
  const box = {
    address: profile.emailAddress,
    timeZone: profile.timeZone || "",
    browserTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "",
    language: Office.context.displayLanguage || navigator.language,
  };
  const item = mailbox.item;
  if (!item) return { mailbox: box, mode: "read", item: null };
  if (isCompose(item)) {
    const to = await officeCall((done) => item.to.getAsync(done)).catch(() => []);
    return { mailbox: box, mode: "compose", item: { type: "message", to: people(to) } };
  }
  const appointment = item.itemType === Office.MailboxEnums.ItemType.Appointment;
  const body = await officeCall((done) => item.body.getAsync(Office.CoercionType.Text, done))
    .catch(() => "");
  // The raw message (Mailbox 1.14) holds the invite's own calendar data: its UID above all.
  let eml = supports("Mailbox", "1.14")
    ? await officeCall((done) => item.getAsFileAsync(done)).catch(() => null)
    : null;
  // A message with large attachments would pass what Raincheck accepts: then the invite is
  // read from Graph or the fields instead.
  if (eml && eml.length > Number(pane.dataset.maxEml)) eml = null;
  return {
    mailbox: box,
    mode: "read",
    item: {
      type: appointment ? "appointment" : "message",
      itemClass: item.itemClass || "",
      itemId: item.itemId || "",
      restId: restIdOf(mailbox, item.itemId),
      subject: item.subject || "",
      from: person(item.from || item.sender),
      organizer: person(item.organizer),
      to: people(item.to),
      cc: people(item.cc),
      requiredAttendees: people(item.requiredAttendees),
      optionalAttendees: people(item.optionalAttendees),
      start: iso(item.start),
      end: iso(item.end),
      location: typeof item.location === "string" ? item.location : "",
      body,
      eml,
    },
  };
}

function say(text) {
  statusLine.textContent = text || "";
  statusLine.hidden = !text;
}

function tell(text, link) {
  notice.replaceChildren();
  if (text) notice.append(document.createTextNode(text));
  if (link && /^https?:\/\//.test(link.url)) {
    const a = document.createElement("a");
    a.href = link.url;
    a.textContent = link.text;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    notice.append(document.createElement("br"), a);
  }
  notice.hidden = !notice.hasChildNodes();
  // The user pressed a button at the bottom of a long card: the confirmation comes to them.
  if (!notice.hidden) notice.scrollIntoView({ block: "nearest" });
}

// Where Office will not sign the user in, whatever they do (Microsoft's SSO troubleshooting:
// 13000 not supported, 13003 account type, 13007 and 13012 not approved or not supported; and
// an Outlook without IdentityAPI 1.3), the sign-in card offers Raincheck's own sign-in in an
// Office dialog (store validation policy 1120.3 requires such a fallback).
const NO_SSO = new Set(["IdentityAPI", "13000", "13003", "13007", "13012"]);
let fallback = false; // the sign-in card's button opens the sign-in window
// A token from that window, kept in this pane's memory only, until shortly before it expires.
let windowToken = null;

function canSignInInWindow() {
  return Boolean(pane.dataset.signin) && supports("DialogApi", "1.1");
}

function signInCard(code) {
  say("");
  const key = String(code);
  fallback = canSignInInWindow() && (NO_SSO.has(key) || key.startsWith("window"));
  const known = fallback && NO_SSO.has(key) ? texts.signin_window : texts.signin_codes[key];
  const reason = known || texts.signin.replace("{code}", key.replace("window:", "") || "?");
  const card = document.getElementById(`signin-card-${lang}`).content.firstElementChild
    .cloneNode(true);
  card.querySelector(".rc-paragraph").textContent = reason;
  // The window is a first sign-in to Raincheck, not Office's again.
  const button = card.querySelector("button[data-action=signin]");
  if (fallback && button) button.textContent = texts.sign_in;
  cardHolder.replaceChildren(card);
}

function busy(on) {
  pane.setAttribute("aria-busy", on ? "true" : "false");
  for (const control of cardHolder.querySelectorAll("button, select, input, textarea")) {
    control.disabled = on;
  }
}

function formValues() {
  const values = {};
  for (const field of cardHolder.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (field.type === "radio" && !field.checked) continue;
    values[field.name] = field.value;
  }
  return values;
}

function supports(name, version) {
  const requirements = Office.context.requirements;
  return Boolean(requirements && requirements.isSetSupported(name, version));
}

let nested = null; // MSAL's nestable client, made once when the host offers NAA

async function nestedToken(prompt) {
  // Nested app authentication (NestedAppAuth 1.1): MSAL.js, from our own origin, asks Outlook
  // for a token for Raincheck's API through the host's bridge. Preferred where it exists;
  // Office's getAccessToken is the fallback.
  if (typeof msal === "undefined" || !pane.dataset.clientId || !supports("NestedAppAuth", "1.1")) {
    return null;
  }
  if (!nested) {
    nested = await msal.createNestablePublicClientApplication({
      auth: { clientId: pane.dataset.clientId, authority: "https://login.microsoftonline.com/common" },
    });
  }
  const request = { scopes: [pane.dataset.scope] };
  const account = nested.getActiveAccount() || nested.getAllAccounts()[0];
  if (account) request.account = account;
  try {
    return (await nested.acquireTokenSilent(request)).accessToken;
  } catch (error) {
    if (!prompt) throw error;
    return (await nested.acquireTokenPopup(request)).accessToken;
  }
}

async function accessToken(prompt) {
  if (windowToken && windowToken.expiresOn - Date.now() > 60 * 1000) return windowToken.token;
  windowToken = null;
  try {
    const token = await nestedToken(prompt);
    if (token) return token;
  } catch (error) {
    // NAA failed (no account, a refused popup): Office's own single sign-on may still work.
  }
  if (!supports("IdentityAPI", "1.3")) {
    // No single sign-on in this Outlook (IdentityAPI 1.3): say so rather than fail later.
    throw Object.assign(new Error("no SSO"), { code: "IdentityAPI" });
  }
  return Office.auth.getAccessToken({ allowSignInPrompt: prompt, allowConsentPrompt: prompt });
}

async function run(action, form, prompt = false) {
  lastAction = action;
  lastForm = form;
  const mine = generation;
  busy(true);
  let answer;
  try {
    let token;
    try {
      token = await accessToken(prompt);
    } catch (error) {
      // Microsoft's SSO guidance: a silent attempt that fails is retried once letting Office
      // prompt; when that fails too, the user gets the sign-in card and what the code means.
      let failure = error;
      if (!prompt) {
        try {
          token = await accessToken(true);
        } catch (again) {
          failure = again;
        }
      }
      if (!token) {
        signInCard(failure && failure.code);
        return;
      }
    }
    const response = await fetch(pane.dataset.api, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify({ ...context, action, form }),
    });
    answer = await response.json();
    if (response.status === 401 && windowToken) {
      // Raincheck refused the window's token (expired, another account): sign in there again.
      windowToken = null;
      fallback = canSignInInWindow();
    }
    if (!answer.card) {
      say(answer.error || texts.unreachable);
      return;
    }
  } catch (error) {
    say(texts.unreachable);
    return;
  } finally {
    busy(false);
  }
  if (mine !== generation) return; // the user moved on to another item meanwhile
  say("");
  if (answer.card) cardHolder.innerHTML = answer.card; // built and escaped by Raincheck
  tell(answer.note, answer.link);
  for (const step of answer.do || []) {
    if (mine !== generation) return;
    await perform(step);
  }
}

function formAttachments(attachments, inline) {
  // A reply form takes the file itself from Mailbox 1.15; before it, and always in a new
  // message (displayNewMessageForm takes only file and item attachments), a URL that Exchange
  // fetches and that fails silently in the form when it cannot: the pane shows the download
  // link either way.
  return attachments.map((a) => (inline && a.base64
    ? { type: "base64", name: a.name, base64file: a.base64 }
    : { type: "file", name: a.name, url: a.url }));
}

async function openReply(step) {
  const item = Office.context.mailbox.item;
  const name = step.all ? "displayReplyAllForm" : "displayReplyForm";
  const inline = supports("Mailbox", "1.15");
  const form = { htmlBody: step.htmlBody, attachments: formAttachments(step.attachments, inline) };
  if (!supports("Mailbox", "1.9")) {
    // Before Mailbox 1.9 only the synchronous form exists; it cannot say it failed.
    item[name](form);
    return;
  }
  try {
    await officeCall((done) => item[`${name}Async`](form, done));
  } catch (error) {
    if (!step.attachments.length) throw error;
    // Outlook on the web may refuse file attachments by URL: open the reply without it; the
    // pane keeps the link to the file.
    await officeCall((done) => item[`${name}Async`]({ htmlBody: step.htmlBody }, done));
    tell(texts.attach, { text: step.attachments[0].name, url: step.attachments[0].url });
  }
}

async function perform(step) {
  const mailbox = Office.context.mailbox;
  try {
    if (step.kind === "reply") {
      await openReply(step);
    } else if (step.kind === "message") {
      if (!supports("Mailbox", "1.6")) {
        say(texts.no_new_message); // Mailbox 1.6; the reply (1.1) still opens
        return;
      }
      const form = { toRecipients: step.toRecipients, subject: step.subject, htmlBody: step.htmlBody };
      if (step.attachments && step.attachments.length) {
        form.attachments = formAttachments(step.attachments, false);
      }
      mailbox.displayNewMessageForm(form);
    } else if (step.kind === "insert") {
      const body = mailbox.item.body;
      const type = await officeCall((done) => body.getTypeAsync(done)).catch(() => "html");
      // A plain-text email takes the reply as text; HTML would be refused.
      const text = type === Office.CoercionType.Text || type === "text";
      await officeCall((done) => body.setSelectedDataAsync(
        text ? step.text : step.html,
        { coercionType: text ? Office.CoercionType.Text : Office.CoercionType.Html },
        done,
      ));
    }
  } catch (error) {
    say(texts.form);
  }
}

function signInInWindow() {
  // Raincheck's own sign-in page in an Office dialog (DialogApi 1.1): MSAL.js signs the user
  // in with Microsoft and the page sends the token back with messageParent.
  const url = new URL(pane.dataset.signin, window.location.href);
  url.searchParams.set("lang", lang);
  if (context && context.mailbox.address) url.searchParams.set("hint", context.mailbox.address);
  say(texts.signin_waiting);
  Office.context.ui.displayDialogAsync(url.href, { height: 60, width: 30 }, (opened) => {
    if (opened.status !== "succeeded") {
      // 12007 a dialog is open already, 12009 the user chose to ignore it (Office dialog API).
      signInCard(`window:${(opened.error && opened.error.code) || "?"}`);
      return;
    }
    const dialog = opened.value;
    dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
      dialog.close();
      // Only our own page may hand over a token (arg.origin: DialogApi 1.2).
      if (arg.origin && arg.origin !== window.location.origin) return;
      let message = {};
      try {
        message = JSON.parse(arg.message);
      } catch (error) {
        message = {};
      }
      if (message.status === "ok" && message.token) {
        const expiresOn = Number(message.expiresOn) || Date.now() + 50 * 60 * 1000;
        windowToken = { token: message.token, expiresOn };
        run(lastAction, lastForm);
      } else {
        signInCard(`window:${message.code || "?"}`);
      }
    });
    dialog.addEventHandler(Office.EventType.DialogEventReceived, (arg) => {
      signInCard(`window:${arg.error}`); // 12006: the user closed the window
    });
  });
}

function actionOf(element) {
  return { name: element.dataset.action, params: JSON.parse(element.dataset.params || "{}") };
}

cardHolder.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-action]");
  if (!button) return;
  event.preventDefault();
  const action = actionOf(button);
  if (action.name === "signin" && fallback) signInInWindow();
  else if (action.name === "signin") run(lastAction, lastForm, true);
  else run(action, formValues());
});

cardHolder.addEventListener("change", (event) => {
  const holder = event.target.closest("select[data-action], fieldset[data-action]");
  if (holder) run(actionOf(holder), formValues());
});

function stalled() {
  // Office.js never loaded, or loaded and never called back (a script it needs was blocked):
  // say so and offer to load the pane again, instead of "Reading the invite…" for ever.
  say("");
  const card = document.createElement("article");
  card.className = "rc-card";
  card.dataset.card = "stalled";
  const header = document.createElement("header");
  header.className = "rc-header";
  const title = document.createElement("h1");
  title.textContent = texts.stalled_title;
  header.append(title);
  const section = document.createElement("section");
  section.className = "rc-section";
  const line = document.createElement("p");
  line.className = "rc-paragraph";
  line.textContent = texts.stalled;
  const again = document.createElement("button");
  again.type = "button";
  again.className = "rc-button rc-primary";
  again.textContent = texts.retry;
  again.addEventListener("click", () => window.location.reload());
  section.append(line, again);
  card.append(header, section);
  cardHolder.replaceChildren(card);
}

function officeReady() {
  if (typeof Office === "undefined" || !Office.onReady) return Promise.resolve(undefined);
  const wait = Number(pane.dataset.readyMs) || 20000;
  return Promise.race([
    Office.onReady(),
    new Promise((resolve) => { setTimeout(() => resolve(undefined), wait); }),
  ]);
}

async function start() {
  const info = await officeReady();
  if (info === undefined) {
    stalled();
    return;
  }
  useOutlooksLanguage();
  if (!info || info.host !== Office.HostType.Outlook) {
    say("");
    outside.hidden = false;
    return;
  }
  await openItem();
  // A pinned pane stays open while the user selects other items (Mailbox 1.5): read the new
  // one and start again, so nothing of the first invite lands on another message.
  const mailbox = Office.context.mailbox;
  if (supports("Mailbox", "1.5")) {
    mailbox.addHandlerAsync(Office.EventType.ItemChanged, () => {
      generation += 1;
      openItem();
    });
  }
}

async function openItem() {
  const mine = generation;
  cardHolder.replaceChildren();
  tell("");
  say(texts.loading);
  let read;
  try {
    read = await readContext();
  } catch (error) {
    say(texts.unreadable);
    return;
  }
  if (mine !== generation) return;
  context = read;
  await run({ name: "open", params: {} }, {});
}

start();
