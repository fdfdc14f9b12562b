// @vitest-environment happy-dom
// The grouped listbox the collection and People lists share (renderer/components/useGroupedListbox.ts),
// rendered as the People list in happy-dom: only a window of rows is in the DOM, the selected
// option always is (aria-activedescendant names it), each group of options is named, and the keys
// move the selection inside the list. (happy-dom lays nothing out: the view has no height, so the
// window is the overscan alone and a page is one option.)

import { act, useState } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PersonAccess } from '../../shared/model';
import { PeopleList } from '../../renderer/features/people/PeopleList';
import { OVERSCAN } from '../../renderer/components/useWindowedRows';
import { cyrusAccount } from '../support/dav-fixtures';

const ACCOUNT = cyrusAccount('alice');

function entry(name: string, type: PersonAccess['type'] = 'individual'): PersonAccess {
  const address = `mailto:${name}@example.com`;
  return {
    address,
    name,
    type,
    addresses: [address],
    grants: [
      {
        accountId: ACCOUNT.id,
        collectionUrl: `${ACCOUNT.calendarHomes[0]!}work/`,
        collectionName: 'Work',
        kind: 'calendar',
        access: 'read',
        via: 'share',
        status: 'accepted',
        address,
      },
    ],
  };
}

// 30 people (person 00 … person 29, in that order) and 2 groups.
const PEOPLE = [
  ...Array.from({ length: 30 }, (_, i) => entry(`person ${String(i).padStart(2, '0')}`)),
  entry('team a', 'group'),
  entry('team b', 'group'),
];

let root: Root;
let container: HTMLElement;
let selected: string | undefined;

function Harness() {
  const [key, setKey] = useState<string>();
  selected = key;
  return <PeopleList people={PEOPLE} accounts={[ACCOUNT]} filter="" selectedKey={key} onSelect={setKey} />;
}

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
});

beforeEach(async () => {
  selected = undefined;
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
  await act(async () => {
    root.render(<Harness />);
    await Promise.resolve();
  });
});

afterEach(() => {
  act(() => {
    root.unmount();
  });
  container.remove();
});

const listbox = () => container.querySelector<HTMLElement>('[role="listbox"]')!;
const names = () => [...container.querySelectorAll('[role="option"]')].map((o) => o.getAttribute('aria-label')?.split(',')[0]);

async function press(key: string): Promise<boolean> {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
  await act(async () => {
    listbox().dispatchEvent(event);
    await Promise.resolve();
  });
  return event.defaultPrevented;
}

function activeName(): string | undefined {
  const id = listbox().getAttribute('aria-activedescendant');
  return id ? (container.querySelector(`#${id}`)?.getAttribute('aria-label')?.split(',')[0] ?? 'missing') : undefined;
}

describe('the grouped listbox', () => {
  it('renders a window of rows, not the whole list, under the named group', () => {
    // The window is OVERSCAN rows: the heading and the first OVERSCAN - 1 people.
    expect(names()).toEqual(['person 00', 'person 01', 'person 02', 'person 03', 'person 04'].slice(0, OVERSCAN - 1));
    expect([...container.querySelectorAll('[role="group"]')].map((g) => g.getAttribute('aria-label'))).toEqual(['People']);
    expect(listbox().getAttribute('aria-activedescendant')).toBeNull();
  });

  it('focus selects the first option; the selected option is named by aria-activedescendant', async () => {
    await act(async () => {
      listbox().focus();
      await Promise.resolve();
    });
    expect(selected).toBe('mailto:person 00@example.com');
    expect(activeName()).toBe('person 00');
  });

  it('End selects the last option, out of the window, which is rendered anyway, in its own group', async () => {
    expect(await press('End')).toBe(true);
    expect(activeName()).toBe('team b');
    expect(names()).toContain('team b');
    expect([...container.querySelectorAll('[role="group"]')].map((g) => g.getAttribute('aria-label'))).toEqual(['People', 'Groups']);
    expect(await press('ArrowDown')).toBe(true);
    expect(activeName()).toBe('team b');
    expect(await press('ArrowUp')).toBe(true);
    expect(activeName()).toBe('team a');
  });

  it('arrows, Home and PageDown move the selection; other keys are left alone', async () => {
    expect(await press('ArrowUp')).toBe(true); // nothing selected: the last option
    expect(activeName()).toBe('team b');
    expect(await press('Home')).toBe(true);
    expect(activeName()).toBe('person 00');
    expect(await press('ArrowDown')).toBe(true);
    expect(await press('PageDown')).toBe(true);
    expect(activeName()).toBe('person 02');
    expect(await press('PageUp')).toBe(true);
    expect(activeName()).toBe('person 01');
    expect(await press('Enter')).toBe(false);
    expect(activeName()).toBe('person 01');
  });
});
