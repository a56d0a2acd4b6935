/** One gateway under test, as the load generator sees it. */
export interface Gateway {
  /** Shown in the table. */
  name: string;
  /** Short id: `bare`, `minimal`, `switchyard`, `portkey`. */
  key: 'bare' | 'minimal' | 'switchyard' | 'portkey';
  /** Full URL of its chat completions endpoint. */
  url: string;
  /** The `model` to ask for (an upstream model, or Switchyard's route alias). */
  model: string;
  /** Authentication and routing headers it needs. */
  headers: Record<string, string>;
  /** The process serving the requests, whose RSS and CPU are sampled. */
  pid: number;
  /** Other processes it needs while serving (Switchyard's control plane), sampled for CPU only. */
  helperPids?: number[];
  /** The last lines its processes printed, to explain a failure. */
  recentOutput(): string;
  stop(): Promise<void>;
}
