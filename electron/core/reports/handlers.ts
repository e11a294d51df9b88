import { seesIdentity } from '../privacy/identity';
import { fail } from '../errors';
import type { HandlerMap } from '../api/handlers-type';
import { actorOf } from '../context';
import { computeTally } from './counting';
import { importData } from '../exchange/import';
import { exportData } from '../exchange/export';
import { listImports, undoImport } from '../exchange/undo';

// Issue #7: reports.tally (reports.read), data.import and data.export (data.exchange).
export const reportHandlers: HandlerMap<'reports.tally' | 'data.import' | 'data.export' | 'data.importUndo' | 'data.imports'> = {
  'reports.tally': ({ core }, input) => computeTally(core, input.from, input.to),

  'data.import': ({ core, session, progress }, input) => {
    // Shown at once (rows not known yet: an indeterminate bar), before the file is decoded and read.
    progress?.(0, 0);
    return importData(core, actorOf(session), {
      ...(progress ? { onProgress: progress } : {}),
      fileName: input.fileName,
      bytes: Buffer.from(input.contentBase64, 'base64'),
      commit: input.commit,
      skipInvalid: input.skipInvalid,
      keepDuplicates: input.keepDuplicates,
      ...(input.mapping ? { mapping: input.mapping } : {}),
    });
  },

  'data.importUndo': ({ core, session }, input) => undoImport(core, actorOf(session), input.importId),
  'data.imports': ({ core }) => listImports(core),

  // The data format carries full CCCD and phone (it is re-imported as it is): a full-identity
  // export, so only for a role that sees identity (privacy/identity.ts).
  'data.export': async ({ core, session }, input) => {
    if (!seesIdentity(session.user?.roles)) fail('identity_export_forbidden');
    const result = await exportData(core, actorOf(session), input);
    return { fileName: result.fileName, contentBase64: result.content.toString('base64'), rows: result.rows };
  },
};
