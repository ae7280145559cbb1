import '../../widgets/define.ts';
import { sessionStoreFor } from '../../widgets/core/session-store.ts';
import type { ManagerContact } from '../../widgets/manager-contact/manager-contact.ts';
import { assert, assertEqual, assertIncludes } from './support/assert.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { ANNA, api, LIGA, logIn, mount, nextEvent, PETERIS, resetPage, tenant, until } from './support/fixture.ts';

// Pēteris's threads are this file's to write; Anna's demo conversations are only read.

function mountContact(attributes = ''): ManagerContact {
  return mount(`<manager-contact api="${api}" tenant="${tenant}" ${attributes}></manager-contact>`).querySelector('manager-contact')!;
}

const root = (element: Element) => element.shadowRoot!;
const threadButton = (element: Element, subject: string) =>
  [...root(element).querySelectorAll<HTMLButtonElement>('[part="thread"]')].find((b) => b.querySelector('.thread-subject')?.textContent === subject);
const listed = (element: Element) => until(() => root(element).querySelector('[part="new-button"]'), 'the thread list');
const field = <T extends Element>(element: Element, name: string) => root(element).querySelector<T & HTMLElement>(`[part="form"] [name="${name}"]`)!;
const fieldError = (element: Element, name: string) => root(element).querySelector(`#${field(element, name).id}-error`)?.textContent?.trim() ?? '';

function choose(element: Element, file: File): void {
  const input = field<HTMLInputElement>(element, 'file');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
}

function submit(element: Element): void {
  root(element).querySelector<HTMLButtonElement>('[part="form"] button[type="submit"]')!.click();
}

const pdf = (name: string) => new File(['%PDF-1.4\n% scan\n%%EOF\n'], name, { type: 'application/pdf' });

describe('<manager-contact>', () => {
  afterEach(resetPage);

  it("lists Anna's threads with their status and shows a conversation; a closed one takes no answer", async () => {
    await logIn(ANNA);
    const element = mountContact();
    await listed(element);
    const answered = threadButton(element, 'Karstā ūdens skaitītāja verificēšana')!;
    assertIncludes(answered.querySelector('[part~="status"]')?.textContent, 'Atbildēts', 'answered status');
    assertIncludes(threadButton(element, 'Rēķins e-pastā')!.querySelector('[part~="status"]')?.textContent, 'Slēgts', 'closed status');
    await expectNoAxeViolations(element, 'the thread list');

    answered.click();
    const heading = await until(() => root(element).querySelector<HTMLElement>('.conversation-heading'), 'the conversation');
    await until(() => root(element).activeElement === heading, 'focus on the conversation');
    const messages = [...root(element).querySelectorAll('[part~="message-item"]')];
    assertEqual(messages.length, 2, 'two messages');
    assert(messages[0]!.matches('[part~="message-mine"]'), "Anna's own message first");
    assert(messages[1]!.matches('[part~="message-manager"]'), "then the manager's");
    assertIncludes(messages[1]!.querySelector('.message-author')?.textContent, 'Demo Namsaimnieks', "the manager's name");
    assert(messages[1]!.querySelectorAll('.message-body p').length >= 3, "the reply's paragraphs");
    assert(root(element).querySelector('[part="form"]'), 'an answered thread can be answered');
    await expectNoAxeViolations(element, 'a conversation with the reply form');

    root(element).querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await listed(element);
    await until(() => root(element).activeElement === threadButton(element, 'Karstā ūdens skaitītāja verificēšana'), 'focus back on the thread');
    threadButton(element, 'Rēķins e-pastā')!.click();
    await until(() => root(element).textContent?.includes('Saruna ir slēgta'), 'the closed note');
    assertEqual(root(element).querySelector('[part="form"]'), null, 'no form in a closed thread');
  });

  it('round trip: Pēteris asks with an attachment and answers; everything he wrote shows as text', async () => {
    await logIn(PETERIS);
    const element = mountContact();
    await listed(element);
    root(element).querySelector<HTMLButtonElement>('[part="new-button"]')!.click();
    await until(() => root(element).activeElement === field(element, 'subject'), 'focus on the subject');

    submit(element);
    await until(() => fieldError(element, 'subject'), 'the subject error');
    assertEqual(fieldError(element, 'subject'), 'Šis lauks ir jāaizpilda.', 'subject required');
    assertEqual(fieldError(element, 'body'), 'Šis lauks ir jāaizpilda.', 'body required');
    assertEqual(field(element, 'subject').getAttribute('aria-invalid'), 'true', 'marked invalid');
    await expectNoAxeViolations(element, 'the form with errors');

    const subject = '<b>Lifts</b> nestrādā <img src=x onerror="window.pwned=1">';
    const body = 'Labdien!<script>window.pwned=2</script>\n\nSkat. javascript:window.pwned=3 un https://example.lv/lifts.';
    field<HTMLInputElement>(element, 'subject').value = subject;
    field<HTMLTextAreaElement>(element, 'body').value = body;
    field<HTMLInputElement>(element, 'notifyByEmail').checked = false;
    choose(element, pdf('lifts.pdf'));
    const created = nextEvent(element, 'doorstep-thread-create');
    submit(element);
    const event = await created;
    assert(event.bubbles && event.composed, 'doorstep-thread-create bubbles and is composed');

    const heading = await until(() => root(element).querySelector('.conversation-heading'), 'the new conversation');
    assertEqual(heading.textContent, subject, 'the subject shows as typed');
    assertEqual(root(element).querySelectorAll('[part="conversation"] img, [part="conversation"] b, [part="conversation"] script, .conversation-heading *').length, 0, 'no elements from the text');
    const message = root(element).querySelector('[part~="message-item"]')!;
    assertIncludes(message.textContent, '<script>window.pwned=2</script>', 'the script tag is text');
    const links = [...message.querySelectorAll('.message-body a')];
    assertEqual(links.length, 1, 'only the https address is a link');
    assertEqual(links[0]!.getAttribute('href'), 'https://example.lv/lifts', 'the link');
    assertIncludes(message.querySelector('[part="attachment"]')?.textContent, 'lifts.pdf', 'the attachment');
    assertIncludes(root(element).querySelector('[part~="status"]')?.textContent, 'Gaida atbildi', 'waiting for the manager');
    assertEqual((window as { pwned?: unknown }).pwned, undefined, 'nothing ran');

    field<HTMLTextAreaElement>(element, 'body').value = 'Papildinājums: lifts stāv 3. stāvā.';
    const sent = nextEvent(element, 'doorstep-message-send');
    submit(element);
    await sent;
    await until(() => root(element).querySelectorAll('[part~="message-item"]').length === 2, 'the answer in the conversation');
    assertEqual(field<HTMLTextAreaElement>(element, 'body').value, '', 'the form is cleared');

    root(element).querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await listed(element);
    await until(() => threadButton(element, subject)?.textContent?.includes('2 ziņas'), 'the thread in the list, with two messages');

    // The server has it as sent: no email wanted, two messages, the attachment stored as a PDF.
    const store = sessionStoreFor(api, tenant);
    const premiseId = store.activePremiseId!;
    const { threads } = await store.client.get<{ threads: Array<{ id: string; subject: string; notifyByEmail: boolean; messageCount: number }> }>(`/premises/${premiseId}/threads`);
    const saved = threads.find((t) => t.subject === subject)!;
    assertEqual(saved.notifyByEmail, false, 'no email wanted');
    const detail = await store.client.get<{ messages: Array<{ attachment: { contentType: string } | null }> }>(`/premises/${premiseId}/threads/${saved.id}/messages`);
    assertEqual(detail.messages[0]!.attachment?.contentType, 'application/pdf', 'stored as a PDF');
  });

  it('refuses a too large or wrong file before sending, and shows the server refusing a disguised one', async () => {
    await logIn(PETERIS);
    const element = mountContact();
    await listed(element);
    root(element).querySelector<HTMLButtonElement>('[part="new-button"]')!.click();
    await until(() => field(element, 'subject'), 'the form');
    field<HTMLInputElement>(element, 'subject').value = 'Faili';
    field<HTMLTextAreaElement>(element, 'body').value = 'Pielikums.';

    choose(element, new File([new Uint8Array(11 * 1024 * 1024)], 'scan.pdf', { type: 'application/pdf' }));
    submit(element);
    await until(() => fieldError(element, 'file').startsWith('Fails ir pārāk liels'), 'the size error');
    assertIncludes(fieldError(element, 'file'), '10', 'names the limit');
    await until(() => root(element).activeElement === field(element, 'file'), 'focus on the file field');

    choose(element, new File(['MZ'], 'setup.exe'));
    submit(element);
    await until(() => fieldError(element, 'file').startsWith('Šāda veida failu nevar pievienot'), 'the type error');

    // The name says PDF, the bytes say HTML: only the server can tell.
    choose(element, new File(['<html><script>alert(1)</script></html>'], 'invoice.pdf', { type: 'application/pdf' }));
    submit(element);
    await until(() => fieldError(element, 'file').startsWith('Šāda veida failu nevar pievienot') && root(element).querySelector('[part="form"]')?.getAttribute('aria-busy') === 'false', 'the server refusal');
    assert(root(element).querySelector('[part="form"]'), 'still on the form');

    root(element).querySelector<HTMLButtonElement>('[part="back-button"]')!.click();
    await listed(element);
    assertEqual(threadButton(element, 'Faili'), undefined, 'nothing was created');
  });

  it('shows a member the reason instead of threads', async () => {
    await logIn(LIGA);
    const element = mountContact();
    await until(() => root(element).textContent?.includes('pieejama dzīvokļa īpašniekam un pilnvarotajai personai'), 'the reason');
    assertEqual(root(element).querySelector('[part="new-button"]'), null, 'no new-question button');
  });
});
