/**
 * The web chat's browser script, served as `/chat/app.js` (no external assets; the CSP allows
 * only our own script). It renders neutral messages with DOM nodes and `textContent` only — a
 * tiny Markdown subset (bold, italic, code, http(s) links, line breaks) is parsed into elements,
 * never into HTML strings — long-polls for new and changed messages, and posts what the person
 * types or clicks with the session's CSRF token.
 */
export const CLIENT_SCRIPT = String.raw`'use strict';
(function () {
  var csrf = document.querySelector('meta[name="csrf-token"]').getAttribute('content');
  var log = document.getElementById('log');
  var form = document.getElementById('composer');
  var input = document.getElementById('text');
  var rev = '0';

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // **bold**, _italic_, code (between backticks), [label](http(s) url), line breaks.
  var INLINE = /(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|_[^_\s][^_]*_|\x60[^\x60]+\x60|\[[^\]]+\]\([^)\s]+\))/;
  function inline(parent, text) {
    var lines = String(text).split('\n');
    lines.forEach(function (line, index) {
      if (index > 0) parent.appendChild(document.createElement('br'));
      line.split(INLINE).forEach(function (part) {
        if (!part) return;
        var m;
        if (/^\*\*[^*]+\*\*$/.test(part)) parent.appendChild(el('strong', '', part.slice(2, -2)));
        else if (/^\*[^*]+\*$/.test(part)) parent.appendChild(el('strong', '', part.slice(1, -1)));
        else if (/^_[^_]+_$/.test(part)) parent.appendChild(el('em', '', part.slice(1, -1)));
        else if (/^\x60[^\x60]+\x60$/.test(part)) parent.appendChild(el('code', '', part.slice(1, -1)));
        else if ((m = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(part)) && /^https?:\/\//i.test(m[2])) {
          var a = el('a', '', m[1]);
          a.href = m[2];
          a.rel = 'noopener noreferrer';
          a.target = '_blank';
          parent.appendChild(a);
        } else parent.appendChild(document.createTextNode(part));
      });
    });
    return parent;
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: JSON.stringify(body),
    }).then(function (response) {
      if (response.status === 401) window.location.assign('/chat/sign-in');
      return response;
    });
  }

  function act(card, messageId, action, inputs) {
    card.querySelectorAll('button, input, select, textarea').forEach(function (c) { c.disabled = true; });
    post('/chat/api/actions', { actionId: action.id, value: action.value, inputs: inputs || {}, messageId: messageId });
  }

  function button(action) {
    var b = el('button', 'action' + (action.style ? ' ' + action.style : ''), action.label);
    b.type = 'button';
    b.dataset.action = action.id;
    return b;
  }

  function renderActions(card, messageId, block) {
    var bar = el('div', 'actions');
    block.actions.forEach(function (action) {
      var b = button(action);
      b.addEventListener('click', function () {
        if (!action.prompt) return act(card, messageId, action);
        if (bar.querySelector('.prompt')) return;
        var box = el('div', 'prompt');
        var label = el('label', '', action.prompt.label + (action.prompt.required ? ' (required)' : ''));
        var area = el('textarea');
        area.name = 'comment';
        area.rows = 2;
        label.appendChild(area);
        var ok = el('button', 'action ' + (action.style || ''), action.label);
        ok.type = 'button';
        ok.dataset.confirm = action.id;
        ok.addEventListener('click', function () {
          if (action.prompt.required && !area.value.trim()) { area.focus(); return; }
          act(card, messageId, action, { comment: area.value });
        });
        box.appendChild(label);
        box.appendChild(ok);
        bar.appendChild(box);
        area.focus();
      });
      bar.appendChild(b);
    });
    return bar;
  }

  function renderInputs(card, messageId, block) {
    var f = el('form', 'inputs');
    block.inputs.forEach(function (spec) {
      var label = el('label', '', spec.label + (spec.required ? ' *' : ''));
      var field;
      if (spec.type === 'select') {
        field = el('select');
        field.appendChild(el('option', '', ''));
        (spec.options || []).forEach(function (o) { var opt = el('option', '', o); opt.value = o; field.appendChild(opt); });
      } else if (spec.type === 'textarea') {
        field = el('textarea');
      } else {
        field = el('input');
        field.type = spec.type === 'boolean' ? 'checkbox' : spec.type === 'number' ? 'number' : spec.type === 'date' ? 'date' : 'text';
        if (spec.type === 'number') field.step = 'any';
      }
      field.name = spec.key;
      if (spec.required && spec.type !== 'boolean') field.required = true;
      if (spec.initial !== undefined) field.value = spec.initial;
      label.appendChild(field);
      f.appendChild(label);
    });
    var submit = button(block.submit);
    submit.type = 'submit';
    f.appendChild(submit);
    f.addEventListener('submit', function (event) {
      event.preventDefault();
      var values = {};
      block.inputs.forEach(function (spec) {
        var field = f.elements.namedItem(spec.key);
        values[spec.key] = spec.type === 'boolean' ? String(field.checked) : field.value;
      });
      act(card, messageId, block.submit, values);
    });
    return f;
  }

  function renderBlock(card, messageId, block) {
    switch (block.type) {
      case 'heading': return el('h3', '', block.text);
      case 'text': return inline(el('p'), block.text);
      case 'context': return inline(el('p', 'context'), block.text);
      case 'facts': {
        var dl = el('dl');
        block.facts.forEach(function (f) { dl.appendChild(el('dt', '', f.label)); dl.appendChild(inline(el('dd'), f.value)); });
        return dl;
      }
      case 'list': {
        var list = el(block.ordered ? 'ol' : 'ul');
        block.items.forEach(function (item) { list.appendChild(inline(el('li'), item)); });
        return list;
      }
      case 'actions': return renderActions(card, messageId, block);
      case 'inputs': return renderInputs(card, messageId, block);
      default: return el('p', 'context', block.type);
    }
  }

  function render(entry) {
    var card = el('article', 'message ' + entry.author + (entry.private ? ' private' : ''));
    card.dataset.id = entry.id;
    (entry.message.blocks || []).forEach(function (block) { card.appendChild(renderBlock(card, entry.id, block)); });
    if (entry.private) card.appendChild(el('p', 'context', 'Only you can see this.'));
    return card;
  }

  function show(entries) {
    var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    entries.forEach(function (entry) {
      var card = render(entry);
      var old = log.querySelector('article[data-id="' + entry.id + '"]');
      if (old) old.replaceWith(card); else log.appendChild(card);
    });
    if (atBottom || entries.some(function (e) { return e.author === 'user'; })) log.scrollTop = log.scrollHeight;
  }

  function poll() {
    fetch('/chat/api/updates?after=' + encodeURIComponent(rev), { credentials: 'same-origin' })
      .then(function (response) {
        if (response.status === 401) { window.location.assign('/chat/sign-in'); throw new Error('signed out'); }
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (body) {
        show(body.messages);
        rev = body.rev;
        document.body.dataset.rev = rev;
        poll();
      })
      .catch(function () { setTimeout(poll, 3000); });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    post('/chat/api/messages', { text: text });
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  poll();
})();
`;
