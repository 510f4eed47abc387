// Google's Card v1 JSON drawn as Gmail draws it, for the workbench: header, sections
// (collapsible too), textParagraph, decoratedText, buttonList, selectionInput, textInput,
// divider and the fixed footer. Card text may hold a little HTML (b, i, u, br, font color, a);
// only those tags are kept, everything else becomes text. Actions are handed to `act`.

const KEPT = new Set(["B", "I", "U", "BR", "FONT", "A"]);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Card v1's little HTML, rebuilt node by node so nothing else survives.
function cardText(html, className) {
  const holder = element("div", className);
  const parsed = new DOMParser().parseFromString(`<body>${html || ""}</body>`, "text/html");
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(node.textContent);
      } else if (node.nodeType === Node.ELEMENT_NODE && KEPT.has(node.tagName)) {
        const kept = document.createElement(node.tagName.toLowerCase());
        if (node.tagName === "FONT" && /^#[0-9a-f]{3,8}$/i.test(node.getAttribute("color") || "")) {
          kept.style.color = node.getAttribute("color");
        }
        if (node.tagName === "A" && /^https?:/.test(node.getAttribute("href") || "")) {
          kept.href = node.getAttribute("href");
          kept.target = "_blank";
          kept.rel = "noopener noreferrer";
        }
        copy(node, kept);
        to.append(kept);
      } else if (node.nodeType === Node.ELEMENT_NODE) {
        copy(node, to);
      }
    }
  };
  copy(parsed.body, holder);
  return holder;
}

function button(spec, act) {
  const node = element("button", "gc-button", spec.text);
  node.type = "button";
  if (spec.color) node.classList.add("gc-filled");
  const click = spec.onClick || {};
  if (click.openLink) {
    node.addEventListener("click", () => window.open(click.openLink.url, "_blank", "noopener"));
  } else if (click.action) {
    node.addEventListener("click", () => act(click.action));
  }
  return node;
}

function selection(spec, act) {
  const field = element("div", "gc-field");
  field.append(element("label", "gc-label", spec.label || ""));
  if (spec.type === "RADIO_BUTTON") {
    for (const item of spec.items || []) {
      const label = element("label", "gc-radio");
      const input = element("input");
      input.type = "radio";
      input.name = spec.name;
      input.value = item.value;
      input.checked = Boolean(item.selected);
      if (spec.onChangeAction) input.addEventListener("change", () => act(spec.onChangeAction));
      label.append(input, ` ${item.text}`);
      field.append(label);
    }
    return field;
  }
  const select = element("select", "gc-input");
  select.name = spec.name;
  for (const item of spec.items || []) {
    const option = element("option", "", item.text);
    option.value = item.value;
    option.selected = Boolean(item.selected);
    select.append(option);
  }
  if (spec.onChangeAction) select.addEventListener("change", () => act(spec.onChangeAction));
  field.append(select);
  return field;
}

function textInput(spec) {
  const field = element("div", "gc-field");
  field.append(element("label", "gc-label", spec.label || ""));
  const input = element(spec.type === "MULTIPLE_LINE" ? "textarea" : "input", "gc-input");
  input.name = spec.name;
  input.value = spec.value || "";
  input.placeholder = spec.hintText || "";
  field.append(input);
  return field;
}

function widget(spec, act) {
  if (spec.textParagraph) return cardText(spec.textParagraph.text, "gc-paragraph");
  if (spec.decoratedText) {
    const d = spec.decoratedText;
    const node = element("div", "gc-decorated");
    if (d.topLabel) node.append(element("div", "gc-top", d.topLabel));
    node.append(cardText(d.text, "gc-text"));
    if (d.bottomLabel) node.append(element("div", "gc-bottom", d.bottomLabel));
    if (d.button) node.append(button(d.button, act));
    return node;
  }
  if (spec.buttonList) {
    const row = element("div", "gc-buttons");
    for (const b of spec.buttonList.buttons || []) row.append(button(b, act));
    return row;
  }
  if (spec.selectionInput) return selection(spec.selectionInput, act);
  if (spec.textInput) return textInput(spec.textInput);
  if (spec.divider) return element("hr", "gc-divider");
  return element("div", "gc-unknown", `(${Object.keys(spec)[0]} is not drawn here)`);
}

// Draw `card` into `holder`; `act(action)` gets each button's or selection's action.
export function renderCard(card, holder, act) {
  const root = element("div", "gc-card");
  root.dataset.card = card.name || "";
  const header = element("div", "gc-header");
  header.append(element("div", "gc-title", (card.header && card.header.title) || ""));
  if (card.header && card.header.subtitle) {
    header.append(element("div", "gc-subtitle", card.header.subtitle));
  }
  root.append(header);
  for (const section of card.sections || []) {
    const box = element(section.collapsible ? "details" : "div", "gc-section");
    if (section.header) box.append(element(section.collapsible ? "summary" : "div", "gc-section-header", section.header));
    for (const spec of section.widgets || []) box.append(widget(spec, act));
    root.append(box);
  }
  if (card.fixedFooter && card.fixedFooter.primaryButton) {
    const footer = element("div", "gc-footer");
    footer.append(button(card.fixedFooter.primaryButton, act));
    root.append(footer);
  }
  holder.replaceChildren(root);
}

// What Gmail sends as formInputs for the card as the user left it (empty text is left out).
export function formInputs(holder) {
  const inputs = {};
  for (const field of holder.querySelectorAll("input[name], select[name], textarea[name]")) {
    if (field.type === "radio" && !field.checked) continue;
    if (!field.value) continue;
    inputs[field.name] = { stringInputs: { value: [field.value] } };
  }
  return inputs;
}
