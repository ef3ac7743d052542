import { ValidationError } from '../../shared/errors.ts';
import { apiHandler } from '../../shared/http/api-handler.ts';
import { TableReadError } from '../../shared/import/read-table.ts';
import { importFiles } from '../../shared/import/run-import.ts';
import { importsRoutes } from '../../shared/routes/imports.ts';

/** What one request may carry; bigger files go through `npm run import`, which has no time limit. */
export const MAX_ROWS_PER_REQUEST = 5000;

export const handler = apiHandler(importsRoutes, {
  'POST /imports': async (req) => {
    const files = req.body.files.map((f) => ({ name: f.name, content: Buffer.from(f.contentBase64, 'base64') }));
    try {
      const report = await importFiles(files, {
        actor: { userId: req.user.userId, role: req.user.role, requestId: req.requestId },
        validOnly: req.body.validOnly,
        dryRun: req.body.dryRun,
        maxRows: MAX_ROWS_PER_REQUEST,
      });
      // 200 with the report either way: a file with bad rows is an answer, not a failure.
      return { body: report };
    } catch (e) {
      if (e instanceof TableReadError)
        throw new ValidationError([{ path: 'body.files', rule: 'unreadable', message: e.message, messageZh: `无法读取文件：${e.messageZh}` }]);
      throw e;
    }
  },
});
