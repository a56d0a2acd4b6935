import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Agent, fetch } from 'undici';
import { CONTROL_PLANE_CONFIG } from '../config/config.module';
import type { ControlPlaneConfig } from '../config/env';
import { WorkspacesService } from '../workspaces/workspaces.service';
import type { ProviderConnectionTestDto } from './dtos/provider-connection-test.dto';
import { providerProbe } from './provider-probe';
import { ProviderAccountsService } from './provider-accounts.service';

const TIMEOUT_MS = 10_000;

/** What an upstream error body says, briefly (never more than 300 characters). */
function upstreamMessage(body: unknown, text: string): string {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const message =
    typeof error === 'string'
      ? error
      : typeof error === 'object' &&
          error !== null &&
          typeof (error as { message?: unknown }).message === 'string'
        ? (error as { message: string }).message
        : typeof (body as { message?: unknown } | null)?.message === 'string'
          ? (body as { message: string }).message
          : text;
  return message.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/**
 * "Test connection": one authenticated GET of the provider's models list, through the
 * installation's outbound policy (SWITCHYARD_OUTBOUND_ALLOW) like every call to a customer URL.
 */
@Injectable()
export class ProviderConnectionService implements OnModuleDestroy {
  private readonly dispatcher: Agent;

  constructor(
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    private readonly providers: ProviderAccountsService,
    private readonly workspaces: WorkspacesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.dispatcher = new Agent({ connect: { lookup: config.outbound.lookup } });
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher.close();
  }

  async test(workspaceId: string, id: string): Promise<ProviderConnectionTestDto> {
    await this.workspaces.get(workspaceId);
    const provider = await this.providers.get(workspaceId, id, this.dataSource.manager);
    const probe = providerProbe(provider.kind, provider.baseUrl, this.providers.storedCredentials(provider));
    const result = (
      fields: Partial<ProviderConnectionTestDto> & { message: string },
    ): ProviderConnectionTestDto => ({
      ok: false,
      supported: true,
      status: null,
      latencyMs: null,
      models: null,
      ...fields,
    });
    if (!probe)
      return result({
        supported: false,
        message: `Testing a ${provider.kind} account is not supported: send a request through a route instead`,
      });
    const url = new URL(probe.url);
    const refused =
      this.config.outbound.urlProblem(url) ?? this.config.outbound.connectProblem(url.hostname)?.message;
    if (refused) return result({ message: `${url.host} ${refused} (SWITCHYARD_OUTBOUND_ALLOW)` });
    const started = Date.now();
    try {
      const response = await fetch(url, {
        headers: { accept: 'application/json', ...probe.headers },
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      const text = await response.text();
      const latencyMs = Date.now() - started;
      let body: unknown = null;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: the status says enough.
      }
      if (!response.ok)
        return result({
          status: response.status,
          latencyMs,
          message: `${provider.kind} answered HTTP ${response.status}: ${upstreamMessage(body, text) || response.statusText}`,
        });
      const models = probe.countModels(body);
      return result({
        ok: true,
        status: response.status,
        latencyMs,
        models,
        message: models === null ? 'Connected' : `Connected: ${models} models listed`,
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return result({
        latencyMs: Date.now() - started,
        message: `Could not reach ${url.host}: ${cause ?? (error as Error).message}`,
      });
    }
  }
}
