using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PurchaseLineCoveringIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PurchaseLine_PurchaseId",
                table: "PurchaseLine");

            migrationBuilder.CreateIndex(
                name: "IX_PurchaseLine_PurchaseId_Category_AmountMinor",
                table: "PurchaseLine",
                columns: new[] { "PurchaseId", "Category", "AmountMinor" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PurchaseLine_PurchaseId_Category_AmountMinor",
                table: "PurchaseLine");

            migrationBuilder.CreateIndex(
                name: "IX_PurchaseLine_PurchaseId",
                table: "PurchaseLine",
                column: "PurchaseId");
        }
    }
}
