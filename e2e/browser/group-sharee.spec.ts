// A group as a sharee (browser mode, against the recorded Nextcloud 29 played back: the live Cyrus
// has no groups): alice finds the group "team" in the directory, its chip and its row say it is a
// group, and the row's controls name it as one. The share request sent is the recorded one.
import { expect, openApp, shoot, test } from './fixtures';
import { NEXTCLOUD_USERS, nextcloudPlayback, traces } from '../../test/support/recorded-servers';
import type { PlaybackRequest } from '../../test/support/playback';

test('a group is found, invited and listed as one entry for everyone in it', async ({ page, webApp }) => {
  const playback = await nextcloudPlayback(traces('nextcloud-29', 1, 111), {
    // The address book home: a calendar share does not change it.
    timeless: ['013'],
    standIns: [
      {
        when: (r: PlaybackRequest) =>
          r.method === 'REPORT' && r.path === '/remote.php/dav/principals/users/' && /match[^>]*>team</.test(r.body),
        answer: '024',
        because:
          'no user is called team (Alice, Bob, Carol), and addresses match only whole: the empty answer of a users search, as for "bob" by e-mail',
      },
    ],
  });
  try {
    await webApp.resetAccounts();
    await webApp.call('addAccount', { serverUrl: playback.origin, username: 'alice', password: NEXTCLOUD_USERS.alice });
    await openApp(page, webApp.url);
    await page.getByRole('option', { name: /^Personal/ }).click();
    const share = page.getByRole('region', { name: 'Share' });
    await share.getByRole('combobox', { name: 'Invite people' }).fill('team');
    const found = share.getByRole('listbox', { name: 'People found' }).getByRole('option', { name: /team/ });
    await expect(found).toContainText('Group: everyone in it');
    await shoot(page, 'invite-group-suggestion');
    await found.click();
    await expect(share.getByRole('combobox', { name: 'Access to give team (group)' })).toHaveValue('read');
    await shoot(page, 'invite-group-chip');
    await share.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(share.getByText('Shared with team (group).')).toBeVisible();

    // The recording's calendar is also shared with carol (an earlier recorded share): one row each.
    const rows = page.getByRole('list', { name: 'People “Personal” is shared with' }).getByRole('listitem');
    await expect(rows).toHaveText([/^CCarolAccepted/, /^teamAcceptedGroup/]);
    const row = rows.filter({ hasText: 'team' });
    await expect(row.getByRole('combobox', { name: 'Access for team (group)' })).toHaveValue('read');
    await expect(row.getByRole('button', { name: 'Revoke team (group)' })).toBeVisible();
    await shoot(page, 'group-sharee');
    expect(playback.writes().map((w) => w.answeredBy.slice(0, 3))).toEqual(['067']);
  } finally {
    await webApp.resetAccounts();
    await playback.close();
  }
  expect(playback.failures).toEqual([]);
});
