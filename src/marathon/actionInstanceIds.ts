/** The `app` or `pod` ids named by Marathon plan actions (`[{action, app}]`, `[{action, pod}]`). */
export function actionInstanceIds(actions: unknown): string[] {
  if (!Array.isArray(actions)) return [];
  const ids: string[] = [];
  for (const action of actions) {
    if (action === null || typeof action !== 'object') continue;
    const { app, pod } = action as { app?: unknown; pod?: unknown };
    const id = typeof app === 'string' ? app : typeof pod === 'string' ? pod : null;
    if (id !== null && !ids.includes(id)) ids.push(id);
  }
  return ids;
}
