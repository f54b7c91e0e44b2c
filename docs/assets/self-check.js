/*
 * Self-check for fake job offers.
 *
 * Turns every list inside a `.kb-self-check` element into checkboxes and
 * shows a live result below it. Without JavaScript the list stays a plain,
 * readable list. Plain ES2017, no libraries, no network: nothing is stored
 * or sent anywhere. Pages without `.kb-self-check` are left untouched.
 */
(() => {
  "use strict";

  // Both languages' strings; the page's <html lang> picks one.
  const STRINGS = {
    id: {
      count: (n, total) => `Tanda yang dicentang: ${n} dari ${total}.`,
      none: "Belum ada tanda yang cocok. Tetap periksa tawaran ini sebelum berangkat: visa kerja, perekrut terdaftar, dan perusahaan yang bisa dicek.",
      caution: "Hati-hati. Jangan berangkat dan jangan membayar apa pun sebelum perekrut, perusahaan, dan visanya jelas.",
      strong: "Peringatan keras: tawaran ini cocok dengan banyak tanda penipuan. Jangan berangkat. Segera hubungi saluran bantuan resmi.",
      help: "Buka halaman Bantuan",
      list: "Tanda lowongan kerja palsu",
    },
    en: {
      count: (n, total) => `Signs ticked: ${n} of ${total}.`,
      none: "No sign applies so far. Still check this offer before you leave: a work visa, a registered recruiter and a company you can check.",
      caution: "Be careful. Do not leave and do not pay anything until the recruiter, the company and the visa are clear.",
      strong: "Strong warning: this offer matches many signs of a scam. Do not leave. Contact an official help channel now.",
      help: "Open the Getting help page",
      list: "Signs of a fake job offer",
    },
  };

  const CAUTION_FROM = 1; // 1–2 ticked: caution
  const STRONG_FROM = 3; // 3 or more ticked: strong warning

  let idCounter = 0;

  function strings() {
    const lang = (document.documentElement.lang || "").toLowerCase();
    return lang.indexOf("en") === 0 ? STRINGS.en : STRINGS.id;
  }

  function uniqueId() {
    let id;
    do {
      idCounter += 1;
      id = `kb-self-check-${idCounter}`;
    } while (document.getElementById(id));
    return id;
  }

  // The advice block that follows the self-check, if any: its first link
  // (to the help page) is reused in the result, so no URL lives here.
  function helpLink(box) {
    let el = box.nextElementSibling;
    while (el && !el.classList.contains("kb-self-check-advice")) {
      el = el.nextElementSibling;
    }
    return el ? el.querySelector("a[href]") : null;
  }

  // Move an item's content into its label; unwrap paragraphs, which a
  // label may not contain.
  function moveContent(from, to) {
    while (from.firstChild) {
      const node = from.firstChild;
      if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "P") {
        moveContent(node, to);
        from.removeChild(node);
      } else {
        to.appendChild(node);
      }
    }
  }

  function makeCheckbox(item) {
    const id = uniqueId();
    const input = document.createElement("input");
    input.type = "checkbox";
    input.id = id;
    input.className = "kb-self-check__input";

    const text = document.createElement("span");
    text.className = "kb-self-check__text";
    moveContent(item, text);

    const label = document.createElement("label");
    label.htmlFor = id;
    label.className = "kb-self-check__label";
    label.appendChild(input);
    label.appendChild(text);

    item.appendChild(label);
    item.classList.add("kb-self-check__item");
    return input;
  }

  function render(result, checked, total, link, t) {
    let level = "none";
    let message = t.none;
    if (checked >= STRONG_FROM) {
      level = "strong";
      message = t.strong;
    } else if (checked >= CAUTION_FROM) {
      level = "caution";
      message = t.caution;
    }

    result.className = `kb-self-check-result kb-self-check-result--${level}`;
    result.textContent = "";

    const p = document.createElement("p");
    const count = document.createElement("strong");
    count.textContent = t.count(checked, total);
    p.appendChild(count);
    p.appendChild(document.createTextNode(` ${message}`));
    if (link && level !== "none") {
      const a = document.createElement("a");
      a.href = link.getAttribute("href");
      a.textContent = t.help;
      p.appendChild(document.createTextNode(" "));
      p.appendChild(a);
      p.appendChild(document.createTextNode("."));
    }
    result.appendChild(p);
  }

  function enhance(box) {
    if (box.hasAttribute("data-kb-enhanced")) {
      return;
    }
    const list = box.matches("ul, ol") ? box : box.querySelector("ul, ol");
    if (!list) {
      return;
    }
    const items = Array.prototype.filter.call(
      list.children,
      (el) => el.tagName === "LI"
    );
    if (!items.length) {
      return;
    }
    box.setAttribute("data-kb-enhanced", "");

    const t = strings();
    const link = helpLink(box);
    list.classList.add("kb-self-check__list");
    list.setAttribute("aria-label", t.list);
    const inputs = items.map(makeCheckbox);

    const result = document.createElement("div");
    result.setAttribute("role", "status");
    result.setAttribute("aria-live", "polite");
    list.parentNode.insertBefore(result, list.nextSibling);

    const update = () => {
      let checked = 0;
      inputs.forEach((input) => {
        input.parentNode.parentNode.classList.toggle(
          "kb-self-check__item--checked",
          input.checked
        );
        if (input.checked) {
          checked += 1;
        }
      });
      render(result, checked, inputs.length, link, t);
    };
    list.addEventListener("change", update);
    update();
  }

  function init() {
    const boxes = document.querySelectorAll(".kb-self-check");
    Array.prototype.forEach.call(boxes, enhance);
  }

  // Material's instant navigation announces each new page on document$;
  // without it, run once when the page is ready.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
