/** What `POST /api/v1/scans` answers (docs/api.md), with when it was asked and when it answered, on the runner's clock. */
export interface ApiSubmission {
  status: number;
  scanId: string;
  created: boolean;
  sentAt: number;
  answeredAt: number;
}

/** Submits a repository URL as the website does. Any answer but 200/202 is an error: the benchmark measures the working path. */
export async function submitThroughApi(baseUrl: string, repositoryUrl: string): Promise<ApiSubmission> {
  const sentAt = Date.now();
  const response = await fetch(`${baseUrl}/api/v1/scans`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ url: repositoryUrl }),
  });
  const body = (await response.json()) as { id?: string; created?: boolean; error?: { code: string; message: string } };
  const answeredAt = Date.now();
  if ((response.status !== 200 && response.status !== 202) || body.id === undefined) {
    throw new Error(`POST /api/v1/scans answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return { status: response.status, scanId: body.id, created: body.created === true, sentAt, answeredAt };
}
