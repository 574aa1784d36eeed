// files.uploadV2's three steps: getUploadURLExternal → POST bytes to upload_url → completeUploadExternal.
// The upload POST itself is not a Web API method; FakeSlack routes it to receiveUpload().
import { type FakeFile, fail, type MethodTable, str } from './model.js';
import type { SlackState } from './state.js';

export function receiveUpload(state: SlackState, fileId: string, bytes: Buffer): boolean {
  const file = state.files.find((f) => f.id === fileId);
  if (!file) return false;
  file.content = bytes;
  return true;
}

export const fileMethods: MethodTable = {
  'files.getUploadURLExternal': (args, state) => {
    const filename = str(args.filename);
    const length = Number(str(args.length));
    if (!filename || !Number.isInteger(length) || length < 1) return fail('invalid_arguments');
    const file: FakeFile = {
      id: state.nextId('F'),
      filename,
      length,
      title: undefined,
      content: undefined,
      completed: false,
      channelId: undefined,
      initialComment: undefined,
      threadTs: undefined,
    };
    state.files.push(file);
    return { ok: true, upload_url: `${state.origin}/upload/${file.id}`, file_id: file.id };
  },

  'files.completeUploadExternal': (args, state) => {
    if (!Array.isArray(args.files) || args.files.length === 0) return fail('invalid_arguments');
    const channelId = str(args.channel_id);
    if (channelId) {
      const ch = state.postable(channelId);
      if ('ok' in ch) return ch;
    }
    const entries = args.files as { id?: unknown; title?: unknown }[];
    const files = entries.map((e) => state.files.find((f) => f.id === e.id && !f.completed));
    if (files.some((f) => !f)) return fail('file_not_found');
    const done = files as FakeFile[];
    done.forEach((file, i) => {
      Object.assign(file, {
        completed: true,
        title: str(entries[i]?.title) ?? file.filename,
        channelId,
        initialComment: str(args.initial_comment),
        threadTs: str(args.thread_ts),
      });
    });
    return {
      ok: true,
      files: done.map((f) => ({
        id: f.id,
        name: f.filename,
        title: f.title,
        size: f.content?.length ?? f.length,
      })),
    };
  },
};
