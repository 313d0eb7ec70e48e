using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SupportTicketRepliesSeen : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "CommentId",
                table: "TicketAttachment",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "CustomerSeenAtUtc",
                table: "Ticket",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastAgentReplyAtUtc",
                table: "Ticket",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_TicketAttachment_CommentId",
                table: "TicketAttachment",
                column: "CommentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TicketAttachment_CommentId",
                table: "TicketAttachment");

            migrationBuilder.DropColumn(
                name: "CommentId",
                table: "TicketAttachment");

            migrationBuilder.DropColumn(
                name: "CustomerSeenAtUtc",
                table: "Ticket");

            migrationBuilder.DropColumn(
                name: "LastAgentReplyAtUtc",
                table: "Ticket");
        }
    }
}
