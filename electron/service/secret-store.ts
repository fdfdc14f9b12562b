// Passwords, by account id. They stay in the process that talks to the server: never in the
// account settings, never sent to the renderer, never logged.

export interface SecretStore {
  get(accountId: string): Promise<string | undefined>;
  set(accountId: string, password: string): Promise<void>;
  delete(accountId: string): Promise<void>;
}

/** Memory only: the CLI, tests, and browser mode (which asks again after a restart). */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  get(accountId: string): Promise<string | undefined> {
    return Promise.resolve(this.secrets.get(accountId));
  }

  set(accountId: string, password: string): Promise<void> {
    this.secrets.set(accountId, password);
    return Promise.resolve();
  }

  delete(accountId: string): Promise<void> {
    this.secrets.delete(accountId);
    return Promise.resolve();
  }
}
