-- AlterTable
ALTER TABLE "check_runs" ADD COLUMN     "base_ref" TEXT;

