/**
 * Undo actions registered as things are created, run in reverse order whatever happens.
 * Each action runs even if an earlier one failed; failures are collected, never swallowed.
 */
export class CleanupStack {
  private readonly actions: Array<{ description: string; run: () => Promise<void> }> = [];
  private current: string | undefined;

  /** Registers an undo action right after the thing it undoes was created. */
  push(description: string, run: () => Promise<void>): void {
    this.actions.push({ description, run });
  }

  /** What is being undone right now, for a second Ctrl-C: `deleting namespace fl-p1-x2k`. */
  get inProgress(): string | undefined {
    return this.current;
  }

  get pending(): string[] {
    return this.actions.map((action) => action.description).reverse();
  }

  /** Runs every action, last registered first; resolves with the problems met. */
  async run(): Promise<string[]> {
    const problems: string[] = [];
    while (this.actions.length > 0) {
      const action = this.actions.pop()!;
      this.current = action.description;
      try {
        await action.run();
      } catch (error) {
        problems.push(`${action.description}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.current = undefined;
    return problems;
  }
}
