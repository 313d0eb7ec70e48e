using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PurchaseCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchase_CustomerId_OccurredAtUtc",
                table: "Purchase");

            migrationBuilder.CreateIndex(
                name: "IX_Purchase_CustomerId_OccurredAtUtc_TotalMinor_RefundedMinor",
                table: "Purchase",
                columns: new[] { "CustomerId", "OccurredAtUtc", "TotalMinor", "RefundedMinor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Purchase_CustomerId_OccurredAtUtc_TotalMinor_RefundedMinor",
                table: "Purchase");

            migrationBuilder.CreateIndex(
                name: "IX_Purchase_CustomerId_OccurredAtUtc",
                table: "Purchase",
                columns: new[] { "CustomerId", "OccurredAtUtc" });
        }
    }
}
