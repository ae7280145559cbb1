import { assert, assertDeepEqual } from './support/assert.ts';

// custom-elements.json is what editors and the docs read as the public surface; widgets/build.mjs
// writes it (scripts/test.mjs builds before the widget tests run). Each element must list the
// events its JSDoc documents and nothing the analyzer guessed from a `dispatchEvent` call.

interface ManifestEvent {
  name?: string;
  description?: string;
}
interface ManifestDeclaration {
  tagName?: string;
  events?: ManifestEvent[];
}

async function elementEvents(): Promise<Map<string, ManifestEvent[]>> {
  const response = await fetch(new URL('../../widgets/custom-elements.json', import.meta.url));
  assert(response.ok, 'widgets/custom-elements.json is built (node widgets/build.mjs)');
  const manifest = (await response.json()) as { modules: { declarations?: ManifestDeclaration[] }[] };
  const elements = manifest.modules.flatMap((module) => module.declarations ?? []).filter((item) => item.tagName);
  return new Map(elements.map((element) => [element.tagName!, element.events ?? []]));
}

describe('custom-elements.json', () => {
  it('lists only documented doorstep-* events, each once and described', async () => {
    for (const [tag, events] of await elementEvents()) {
      const names = events.map((event) => event.name);
      for (const event of events) {
        assert(/^doorstep-[a-z-]+$/.test(event.name ?? ''), `<${tag}> lists an event named ${JSON.stringify(event.name)}`);
        assert(event.description, `<${tag}> event ${event.name} has a description`);
      }
      assert(new Set(names).size === names.length, `<${tag}> lists each event once: ${names.join(', ')}`);
    }
  });

  it('keeps the events of widgets whose event classes take data first', async () => {
    const events = await elementEvents();
    const names = (tag: string) => events.get(tag)?.map((event) => event.name);
    assertDeepEqual(names('meter-readings'), ['doorstep-reading-submit'], '<meter-readings> events');
    assertDeepEqual(names('notice-feed'), ['doorstep-notice-open', 'doorstep-notice-read'], '<notice-feed> events');
    assertDeepEqual(names('household-users'), ['doorstep-members-change'], '<household-users> events');
    assertDeepEqual(names('invitation-accept'), ['doorstep-invitation-accept', 'doorstep-login'], '<invitation-accept> events');
  });
});
