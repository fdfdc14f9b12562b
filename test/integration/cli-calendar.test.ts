// The sharing scenario on calendars, in both dialects Cyrus speaks for them: DAV: resource sharing
// and CS: calendarserver sharing, on the owner's writes and on the sharees' replies.
import { sharingScenario } from './sharing-scenario';

sharingScenario({ kind: 'calendar', dialect: 'dav', replyDialect: 'dav' });
sharingScenario({ kind: 'calendar', dialect: 'cs', replyDialect: 'cs' });
