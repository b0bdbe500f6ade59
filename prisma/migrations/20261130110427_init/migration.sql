-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ScanTrigger" AS ENUM ('url', 'push', 'pull_request', 'cli_upload', 'rescan');

-- CreateEnum
CREATE TYPE "ScanStatus" AS ENUM ('queued', 'fetching', 'analyzing', 'scoring', 'done', 'failed');

-- CreateEnum
CREATE TYPE "RuleOutcomeKind" AS ENUM ('pass', 'fail', 'not_applicable', 'could_not_determine');

-- CreateTable
CREATE TABLE "repositories" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "host" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner_key" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "github_id" BIGINT,
    "default_branch" TEXT,
    "private" BOOLEAN NOT NULL DEFAULT false,
    "installation_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "repositories_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scans" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "repository_id" UUID NOT NULL,
    "commit_sha" TEXT,
    "ref" TEXT,
    "is_default_branch" BOOLEAN NOT NULL,
    "trigger" "ScanTrigger" NOT NULL,
    "status" "ScanStatus" NOT NULL DEFAULT 'queued',
    "files_done" INTEGER,
    "files_total" INTEGER,
    "score" INTEGER,
    "grade" TEXT,
    "scored" BOOLEAN,
    "category_scores" JSONB,
    "gates" JSONB,
    "coverage" DOUBLE PRECISION,
    "analyzer_version" TEXT NOT NULL,
    "ruleset_version" TEXT NOT NULL,
    "report" JSONB,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "pull_request_number" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "fetch_ms" INTEGER,
    "analyze_ms" INTEGER,
    "store_ms" INTEGER,
    "finished_at" TIMESTAMPTZ(3),
    "error_code" TEXT,
    "error_message" TEXT,
    "pending_key" TEXT,
    "duplicate_of_id" UUID,

    CONSTRAINT "scans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "findings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "scan_id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "rule_name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "confidence" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "remediation" TEXT NOT NULL,
    "docs_url" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "line" INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    "end_line" INTEGER,
    "end_column" INTEGER,
    "excerpt" TEXT,
    "fingerprint" TEXT NOT NULL,
    "suppressed" BOOLEAN NOT NULL DEFAULT false,
    "suppression_source" TEXT,
    "suppression_reason" TEXT,

    CONSTRAINT "findings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rule_outcomes" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "scan_id" UUID NOT NULL,
    "rule_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "outcome" "RuleOutcomeKind" NOT NULL,
    "reason" TEXT,
    "points" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "rule_outcomes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "installations" (
    "id" BIGINT NOT NULL,
    "account_login" TEXT NOT NULL,
    "account_type" TEXT NOT NULL,
    "suspended_at" TIMESTAMPTZ(3),
    "deleted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "installations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "action" TEXT,
    "installation_id" BIGINT,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMPTZ(3),
    "outcome" TEXT,
    "error" TEXT,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_runs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "repository_id" UUID NOT NULL,
    "scan_id" UUID,
    "installation_id" BIGINT NOT NULL,
    "head_sha" TEXT NOT NULL,
    "base_sha" TEXT,
    "pull_request_number" INTEGER NOT NULL,
    "github_check_run_id" BIGINT,
    "status" TEXT NOT NULL,
    "conclusion" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "check_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "repositories_installation_id_idx" ON "repositories"("installation_id");

-- CreateIndex
CREATE UNIQUE INDEX "repositories_host_owner_key_name_key_key" ON "repositories"("host", "owner_key", "name_key");

-- CreateIndex
CREATE UNIQUE INDEX "scans_pending_key_key" ON "scans"("pending_key");

-- CreateIndex
CREATE INDEX "scans_repository_id_is_default_branch_finished_at_idx" ON "scans"("repository_id", "is_default_branch", "finished_at");

-- CreateIndex
CREATE INDEX "scans_created_at_idx" ON "scans"("created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "scans_repository_id_commit_sha_ruleset_version_key" ON "scans"("repository_id", "commit_sha", "ruleset_version");

-- CreateIndex
CREATE INDEX "findings_scan_id_idx" ON "findings"("scan_id");

-- CreateIndex
CREATE UNIQUE INDEX "rule_outcomes_scan_id_rule_id_key" ON "rule_outcomes"("scan_id", "rule_id");

-- CreateIndex
CREATE UNIQUE INDEX "check_runs_github_check_run_id_key" ON "check_runs"("github_check_run_id");

-- CreateIndex
CREATE INDEX "check_runs_repository_id_pull_request_number_idx" ON "check_runs"("repository_id", "pull_request_number");

-- CreateIndex
CREATE INDEX "check_runs_scan_id_idx" ON "check_runs"("scan_id");

-- AddForeignKey
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scans" ADD CONSTRAINT "scans_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scans" ADD CONSTRAINT "scans_duplicate_of_id_fkey" FOREIGN KEY ("duplicate_of_id") REFERENCES "scans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "findings" ADD CONSTRAINT "findings_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rule_outcomes" ADD CONSTRAINT "rule_outcomes_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_repository_id_fkey" FOREIGN KEY ("repository_id") REFERENCES "repositories"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_runs" ADD CONSTRAINT "check_runs_scan_id_fkey" FOREIGN KEY ("scan_id") REFERENCES "scans"("id") ON DELETE SET NULL ON UPDATE CASCADE;

