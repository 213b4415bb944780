// Draws Block Kit JSON (a modal view, or a message with blocks) as Slack shows it, closely enough for the docs.
// No dependencies: render-pictures writes a page that sets window.PICTURE = {json, people} and loads this file.
// Covers what Session Guard's views use, and the common rest: section (text, fields, accessory), context,
// divider, header, actions, input (multi/users/static/conversations selects, plain_text_input, radio buttons,
// checkboxes), buttons (primary, danger), overflow. A "home" view is drawn as an App Home tab.
(function () {
  'use strict';

  const EMOJI = {
    white_check_mark: '✅', warning: '⚠️', no_entry: '⛔', no_entry_sign: '🚫', hourglass_flowing_sand: '⏳',
    hourglass: '⌛', heavy_minus_sign: '➖', x: '❌', grey_question: '❔', question: '❓', raised_hand: '✋',
    lock: '🔒', shield: '🛡️', information_source: 'ℹ️', bell: '🔔', rotating_light: '🚨', key: '🔑',
    computer: '💻', iphone: '📱', globe_with_meridians: '🌐', eyes: '👀', tada: '🎉', thumbsup: '👍',
    heavy_check_mark: '✔️', red_circle: '🔴', large_green_circle: '🟢', stopwatch: '⏱️', clipboard: '📋',
    arrows_counterclockwise: '🔄', busts_in_silhouette: '👥', bust_in_silhouette: '👤', page_facing_up: '📄',
  };
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const AVATAR_COLOURS = ['#e8912d', '#2bac76', '#1264a3', '#9b59b6', '#e01e5a', '#36c5f0', '#4a154b'];

  let people = {};

  function el(tag, cls, children) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    (children || []).forEach(c => e.append(c));
    return e;
  }

  function html(tag, cls, inner) {
    const e = el(tag, cls);
    e.innerHTML = inner;
    return e;
  }

  function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }

  // Slack escapes only these three in message text.
  function unescapeSlack(s) {
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }

  function emoji(s) {
    return s.replace(/:([a-z0-9_+\-]+):/g, (m, name) => EMOJI[name] ? '<span class="emoji">' + EMOJI[name] + '</span>' : m);
  }

  function nameOf(id) {
    return people[id] || id;
  }

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }

  // Always in UTC, so a picture does not change with the machine that draws it.
  function time(d, secs) {
    const h = d.getUTCHours() % 12 || 12;
    return h + ':' + pad(d.getUTCMinutes()) + (secs ? ':' + pad(d.getUTCSeconds()) : '') + (d.getUTCHours() < 12 ? ' AM' : ' PM');
  }

  function dateToken(epoch, format) {
    const d = new Date(epoch * 1000);
    const short = MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate() + ', ' + d.getUTCFullYear();
    return format
      .replace(/\{date_short_pretty\}|\{date_short\}|\{date_pretty\}|\{date\}/g, short)
      .replace(/\{time_secs\}/g, time(d, true))
      .replace(/\{time\}/g, time(d, false));
  }

  // <@U123>, <#C123>, <!date^…>, <!here>, <url|text>: what Slack turns into names, dates and links.
  function token(inner) {
    if (inner.startsWith('@')) {
      const id = inner.slice(1).split('|')[0];
      return '<span class="mention">@' + escapeHtml(nameOf(id)) + '</span>';
    }
    if (inner.startsWith('#')) {
      const [id, label] = inner.slice(1).split('|');
      return '<span class="mention">#' + escapeHtml(label || people[id] || id) + '</span>';
    }
    if (inner.startsWith('!date^')) {
      const [, epoch, rest] = inner.split('^');
      const format = (rest || '').split('|')[0];
      return '<span class="date">' + escapeHtml(dateToken(Number(epoch), format)) + '</span>';
    }
    if (inner.startsWith('!')) {
      return '<span class="mention broadcast">@' + escapeHtml(inner.slice(1).split('|')[0]) + '</span>';
    }
    const [url, label] = inner.split('|');
    return '<a class="link">' + escapeHtml(unescapeSlack(label || url)) + '</a>';
  }

  function mrkdwn(text) {
    const held = [];
    const hold = h => '\u0000' + (held.push(h) - 1) + '\u0000';
    let s = text.replace(/<([^<>]*)>/g, (m, inner) => hold(token(inner)));
    s = s.replace(/```([\s\S]*?)```/g, (m, code) => hold('<pre class="pre">' + escapeHtml(unescapeSlack(code)) + '</pre>'));
    s = s.replace(/`([^`\n]+)`/g, (m, code) => hold('<code>' + escapeHtml(unescapeSlack(code)) + '</code>'));
    s = escapeHtml(unescapeSlack(s));
    s = s.replace(/(^|[^\w*])\*([^*\n]+?)\*(?![\w*])/g, '$1<b>$2</b>');
    s = s.replace(/(^|[^\w_])_([^_\n]+?)_(?![\w_])/g, '$1<i>$2</i>');
    s = s.replace(/(^|[^\w~])~([^~\n]+?)~(?![\w~])/g, '$1<s>$2</s>');
    s = emoji(s).replace(/\n/g, '<br>');
    return s.replace(/\u0000(\d+)\u0000/g, (m, i) => held[Number(i)]);
  }

  function text(t) {
    if (!t) return '';
    return t.type === 'mrkdwn' ? mrkdwn(t.text) : (t.emoji === false ? escapeHtml(t.text) : emoji(escapeHtml(t.text)));
  }

  function avatar(id, size) {
    const name = nameOf(id);
    const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map(w => w[0].toUpperCase()).join('');
    let hash = 0;
    for (const c of id) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    const a = html('span', 'avatar', escapeHtml(initials));
    a.style.background = AVATAR_COLOURS[hash % AVATAR_COLOURS.length];
    a.style.width = a.style.height = size + 'px';
    a.style.fontSize = Math.round(size * 0.45) + 'px';
    return a;
  }

  function chip(content, id) {
    const c = el('span', 'chip');
    if (id) c.append(avatar(id, 20));
    c.append(html('span', 'chip-text', content), html('span', 'chip-x', '×'));
    return c;
  }

  function selectBox(children, placeholder, multi) {
    const box = el('div', 'select' + (multi ? ' multi' : ''));
    if (children.length === 0) box.append(html('span', 'placeholder', text(placeholder) || 'Select an item'));
    children.forEach(c => box.append(c));
    box.append(html('span', 'chevron', '⌄'));
    return box;
  }

  function button(b) {
    return html('span', 'button' + (b.style ? ' ' + b.style : ''), text(b.text));
  }

  function option(o, selected, kind) {
    const row = el('div', 'option ' + kind + (selected ? ' checked' : ''));
    row.append(el('span', 'mark'), html('span', 'option-text', text(o.text)));
    if (o.description) row.append(html('div', 'option-description', text(o.description)));
    return row;
  }

  function element(e) {
    switch (e.type) {
      case 'button':
        return button(e);
      case 'overflow':
        return html('span', 'button overflow', '⋯');
      case 'image':
        return el('img', 'accessory-image');
      case 'multi_users_select':
        return selectBox((e.initial_users || []).map(id => chip(escapeHtml(nameOf(id)), id)), e.placeholder, true);
      case 'users_select':
        return selectBox(e.initial_user ? [el('span', 'single', [avatar(e.initial_user, 20),
          html('span', 'chip-text', escapeHtml(nameOf(e.initial_user)))])] : [], e.placeholder, false);
      case 'multi_conversations_select':
      case 'multi_channels_select': {
        const ids = e.initial_conversations || e.initial_channels || [];
        return selectBox(ids.map(id => chip('#' + escapeHtml(people[id] || id))), e.placeholder, true);
      }
      case 'conversations_select':
      case 'channels_select': {
        const id = e.initial_conversation || e.initial_channel;
        return selectBox(id ? [html('span', 'single', '#' + escapeHtml(people[id] || id))] : [], e.placeholder, false);
      }
      case 'multi_static_select':
        return selectBox((e.initial_options || []).map(o => chip(text(o.text))), e.placeholder, true);
      case 'static_select':
        return selectBox(e.initial_option ? [html('span', 'single', text(e.initial_option.text))] : [], e.placeholder, false);
      case 'plain_text_input': {
        const box = el('div', 'text-input' + (e.multiline ? ' multiline' : ''));
        if (e.initial_value) box.append(html('span', '', escapeHtml(e.initial_value).replace(/\n/g, '<br>')));
        else box.append(html('span', 'placeholder', text(e.placeholder)));
        return box;
      }
      case 'radio_buttons': {
        const chosen = e.initial_option && e.initial_option.value;
        return el('div', 'options', e.options.map(o => option(o, o.value === chosen, 'radio')));
      }
      case 'checkboxes': {
        const chosen = (e.initial_options || []).map(o => o.value);
        return el('div', 'options', e.options.map(o => option(o, chosen.includes(o.value), 'checkbox')));
      }
      case 'datepicker':
        return selectBox(e.initial_date ? [html('span', 'single', escapeHtml(e.initial_date))] : [], e.placeholder, false);
      default:
        return html('span', 'unknown', escapeHtml('[' + e.type + ']'));
    }
  }

  function block(b) {
    switch (b.type) {
      case 'section': {
        const body = el('div', 'section-body');
        if (b.text) body.append(html('div', 'mrkdwn', text(b.text)));
        if (b.fields) body.append(el('div', 'fields', b.fields.map(f => html('div', 'mrkdwn', text(f)))));
        const s = el('div', 'block section', [body]);
        if (b.accessory) s.append(el('div', 'accessory', [element(b.accessory)]));
        return s;
      }
      case 'context':
        return el('div', 'block context', b.elements.map(e => e.type === 'image'
          ? el('span', 'context-image') : html('span', 'mrkdwn', text(e))));
      case 'divider':
        return el('hr', 'block divider');
      case 'header':
        return html('div', 'block header', text(b.text));
      case 'actions':
        return el('div', 'block actions', b.elements.map(element));
      case 'input': {
        const label = html('div', 'label', text(b.label) + (b.optional ? ' <span class="optional">(optional)</span>' : ''));
        const parts = [label, element(b.element)];
        if (b.hint) parts.push(html('div', 'hint', text(b.hint)));
        return el('div', 'block input', parts);
      }
      case 'image':
        return html('div', 'block unknown', escapeHtml('[image: ' + (b.alt_text || '') + ']'));
      default:
        return html('div', 'block unknown', escapeHtml('[' + b.type + ' block]'));
    }
  }

  function blocks(list) {
    return el('div', 'blocks', list.map(block));
  }

  function modal(view) {
    const header = el('div', 'modal-header', [
      el('span', 'app-icon'),
      html('span', 'modal-title', text(view.title)),
      html('span', 'modal-close', '×'),
    ]);
    const parts = [header, el('div', 'modal-body', [blocks(view.blocks)])];
    if (view.submit || view.close) {
      const footer = el('div', 'modal-footer');
      footer.append(html('span', 'footer-button', text(view.close || { type: 'plain_text', text: 'Cancel' })));
      if (view.submit) footer.append(html('span', 'footer-button primary', text(view.submit)));
      parts.push(footer);
    }
    return el('div', 'shot modal', parts);
  }

  function message(m) {
    const channel = el('div', 'channel-header', [html('span', 'channel-name', '🔒 ' + escapeHtml(m.channel || 'channel'))]);
    const meta = el('div', 'message-meta', [
      html('span', 'sender', escapeHtml(m.bot_name || 'App')),
      html('span', 'app-badge', 'APP'),
      html('span', 'message-time', escapeHtml(m.ts ? time(new Date(m.ts * 1000), false) : '')),
    ]);
    const content = el('div', 'message-content', [meta, m.blocks ? blocks(m.blocks) : html('div', 'mrkdwn', mrkdwn(m.text || ''))]);
    const row = el('div', 'message', [el('span', 'message-avatar app-icon'), content]);
    return el('div', 'shot channel', [channel, row]);
  }

  function home(view) {
    const tabs = el('div', 'channel-header', [html('span', 'channel-name', escapeHtml(window.PICTURE.app || 'App')),
      html('span', 'tab', 'Home')]);
    return el('div', 'shot channel', [tabs, el('div', 'home-body', [blocks(view.blocks)])]);
  }

  function draw(picture) {
    people = picture.people || {};
    const json = picture.json;
    const shot = json.type === 'modal' ? modal(json) : json.type === 'home' ? home(json) : message(json);
    document.body.append(shot);
    // render-pictures reads the size back (from --dump-dom) to size the screenshot's window.
    const r = shot.getBoundingClientRect();
    document.title = Math.ceil(r.right + r.left) + 'x' + Math.ceil(r.bottom + r.top);
  }

  draw(window.PICTURE);
})();
