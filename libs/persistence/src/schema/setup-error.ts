/** The database is not (or cannot be) set up as the product needs: nothing ran. The CLI exits 2 on it. */
export class SetupError extends Error {
  override readonly name: string = 'SetupError';
}
