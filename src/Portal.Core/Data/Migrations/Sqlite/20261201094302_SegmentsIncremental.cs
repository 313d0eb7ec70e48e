using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Basis",
                table: "SegmentRun",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CustomersRescanned",
                table: "SegmentRun",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Incremental",
                table: "SegmentRun",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "PurchasesPrior90Days",
                table: "CustomerScore",
                type: "INTEGER",
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
