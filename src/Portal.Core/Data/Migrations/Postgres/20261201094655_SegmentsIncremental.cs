using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SegmentsIncremental : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AsOfUtc",
                table: "SegmentRun",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Basis",
                table: "SegmentRun",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CustomersRescanned",
                table: "SegmentRun",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Incremental",
                table: "SegmentRun",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "PurchasesPrior90Days",
                table: "CustomerScore",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateIndex(
                name: "IX_PurchaseRefund_CreatedAtUtc",
                table: "PurchaseRefund",
                column: "CreatedAtUtc");

            migrationBuilder.CreateIndex(
                name: "IX_Purchase_OccurredAtUtc_CustomerId",
                table: "Purchase",
                columns: new[] { "OccurredAtUtc", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Purchase_RecordedAtUtc",
                table: "Purchase",
                column: "RecordedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PurchaseRefund_CreatedAtUtc",
                table: "PurchaseRefund");

            migrationBuilder.DropIndex(
                name: "IX_Purchase_OccurredAtUtc_CustomerId",
                table: "Purchase");

            migrationBuilder.DropIndex(
                name: "IX_Purchase_RecordedAtUtc",
                table: "Purchase");

            migrationBuilder.DropColumn(
                name: "AsOfUtc",
                table: "SegmentRun");

            migrationBuilder.DropColumn(
                name: "Basis",
                table: "SegmentRun");

            migrationBuilder.DropColumn(
                name: "CustomersRescanned",
                table: "SegmentRun");

            migrationBuilder.DropColumn(
                name: "Incremental",
                table: "SegmentRun");

            migrationBuilder.DropColumn(
                name: "PurchasesPrior90Days",
                table: "CustomerScore");
        }
    }
}
