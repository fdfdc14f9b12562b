// The IPC channels between the preload (preload.ts) and the main process (ipc.ts).
//
//   sharedeck:call    invoke, renderer → main: a CallRequest ({ id, method, args }); resolves with
//                     the answer's envelope as JSON text (never rejects: Electron would keep only
//                     an Error's message)
//   sharedeck:cancel  send, renderer → main: the id of a call in flight to cancel
//   sharedeck:event   send, main → renderer: an AppEvent

export const CALL_CHANNEL = 'sharedeck:call';
export const CANCEL_CHANNEL = 'sharedeck:cancel';
export const EVENT_CHANNEL = 'sharedeck:event';
