import { Layout, type PageContext } from './layout.js';

/**
 * The confirmation page of an action that cannot be undone (cancel a request, delete my data, stop
 * check-ins): says exactly what will be deleted or stopped, then "yes" (posts `confirmed=yes` to
 * `action`) or "no, go back" (posts to `backAction`). Both carry a fresh single-use action token, so
 * both go through the code + PIN middleware like every other change.
 */
export function ConfirmActionPage({
  ctx,
  title,
  lead,
  consequences,
  action,
  backAction,
  token,
  confirmLabel,
  backLabel,
}: {
  ctx: PageContext;
  title: string;
  lead: string;
  consequences: string[];
  action: string;
  backAction: string;
  token: string;
  confirmLabel: string;
  backLabel: string;
}) {
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>{lead}</p>
      <ul class="consequences">
        {consequences.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <form method="post" action={action} novalidate autoComplete="off" class="confirm-form">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="confirmed" value="yes" />
        <p>
          <button type="submit" class="button danger">
            {confirmLabel}
          </button>
        </p>
      </form>
      <form method="post" action={backAction} novalidate autoComplete="off">
        <input type="hidden" name="token" value={token} />
        <p>
          <button type="submit" class="button secondary">
            {backLabel}
          </button>
        </p>
      </form>
    </Layout>
  );
}
