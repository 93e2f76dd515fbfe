import nodemailer from 'nodemailer';

export interface Mailer {
  send(message: { to: string; subject: string; text: string; html: string }): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer (`smtp://user:pass@host:port`, `smtps://…` for TLS from the start). */
export function createMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, ...m });
    },
    close() {
      transport.close();
    },
  };
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/** "Your video is ready": plain text and a small HTML version. */
export function readyEmail(p: { name: string; title: string; link: string; summary?: string | null }) {
  const lines = [`Hi ${p.name},`, '', `“${p.title}” is ready to watch and share:`, p.link];
  if (p.summary) lines.push('', `Summary: ${p.summary}`);
  lines.push('', '— Weft');
  return {
    subject: `Ready: ${p.title}`,
    text: lines.join('\n'),
    html:
      `<p>Hi ${escape(p.name)},</p><p>“${escape(p.title)}” is ready to watch and share:</p>` +
      `<p><a href="${escape(p.link)}">${escape(p.link)}</a></p>` +
      (p.summary ? `<p><em>Summary:</em> ${escape(p.summary)}</p>` : '') +
      '<p>— Weft</p>',
  };
}

/** "Someone commented": who, where in the video, what they said, and the link to that moment. */
/** One e-mail for a burst of comments: the first quoted, the rest counted. */
export function commentEmail(p: { name: string; title: string; author: string; text: string; link: string; at: string; more?: number }) {
  const quote = p.text.length > 500 ? `${p.text.slice(0, 500)}…` : p.text;
  const more = p.more ? `And ${p.more} more comment${p.more === 1 ? '' : 's'} since.` : null;
  return {
    subject: p.more ? `${p.more + 1} new comments on “${p.title}”` : `${p.author} commented on “${p.title}”`,
    text: [`Hi ${p.name},`, '', `${p.author} commented at ${p.at} on “${p.title}”:`, '', quote, '', ...(more ? [more, ''] : []), p.link, '', '— Weft'].join('\n'),
    html:
      `<p>Hi ${escape(p.name)},</p><p>${escape(p.author)} commented at ${escape(p.at)} on “${escape(p.title)}”:</p>` +
      `<blockquote>${escape(quote).replace(/\n/g, '<br>')}</blockquote>${more ? `<p>${escape(more)}</p>` : ''}<p><a href="${escape(p.link)}">${escape(p.link)}</a></p><p>— Weft</p>`,
  };
}
